// The README's function reference is checked against the function catalog, so
// the two cannot drift apart: each function has a heading with its exact
// signature, and each argument is described.

#include <truepipe/catalog.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string readme_text() {
    std::ifstream file(std::string(TRUEPIPE_TEST_DIR) + "/../README.md");
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string signature(const truepipe::function_info& function) {
    std::string text = std::string(function.display_name) + "(";
    for (std::size_t i = 0; i < function.arguments.size(); ++i) {
        const auto& argument = function.arguments[i];
        text += i == 0 ? "" : "; ";
        text += argument.optional ? fmt::format("[{}]", argument.name) : std::string(argument.name);
    }
    return text + ")";
}

}  // namespace

TEST_CASE("readme: every catalog function has a reference heading with its exact signature") {
    const std::string readme = readme_text();
    REQUIRE_FALSE(readme.empty());
    for (const auto& function : truepipe::function_catalog()) {
        CAPTURE(function.display_name);
        CHECK(readme.find("### " + signature(function)) != std::string::npos);
        for (const auto& argument : function.arguments) {
            CAPTURE(argument.name);
            CHECK(readme.find("`" + std::string(argument.name) + "`") != std::string::npos);
        }
    }
}

TEST_CASE("readme: the catalog holds the six functions of the contract") {
    CHECK(truepipe::function_catalog().size() == 6);
    for (const char* method : {"stallDays", "stallLimit", "advanceRate", "realCoverage", "dealStatus", "rulesCheck"}) {
        CAPTURE(method);
        CHECK(truepipe::find_function(method) != nullptr);
    }
}

// The README's function reference is checked against the function catalog, so
// the two cannot drift apart: each function has a heading with its exact
// signature, and each argument is described. Its reference blocks must be what
// the catalog says (scripts/update-reference.sh writes them), and the generated
// interface has one method per function with its arguments.

#include <truepipe/catalog.hpp>
#include <truepipe/catalog_text.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

std::size_t count_of(std::string_view text, std::string_view part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1))
        ++count;
    return count;
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

TEST_CASE("readme: the catalog holds the functions of the contract") {
    CHECK(truepipe::function_catalog().size() == 9);
    for (const char* method : {"stallDays", "stallLimit", "advanceRate", "realCoverage", "winRate", "dealStatus",
                               "pipelineFlow", "dealChange", "rulesCheck"}) {
        CAPTURE(method);
        CHECK(truepipe::find_function(method) != nullptr);
    }
}

TEST_CASE(
    "readme: the README's function reference is the catalog's, as scripts/update-reference.sh writes it") {
    const std::string readme = readme_text();
    REQUIRE_FALSE(readme.empty());
    const truepipe::reference_update updated =
        truepipe::update_reference(readme, truepipe::function_catalog());
    REQUIRE_MESSAGE(updated.problem.empty(), updated.problem);
    CHECK_MESSAGE(updated.text == readme, "run scripts/update-reference.sh");
    for (const auto& function : truepipe::function_catalog()) {
        CAPTURE(function.display_name);
        CHECK(count_of(readme, truepipe::reference_begin_marker(function.display_name)) == 1);
        CHECK(readme.find(truepipe::render_reference(function)) != std::string::npos);
    }
}

TEST_CASE("readme: a function without a block, or a block without a function, is named") {
    const auto catalog = truepipe::function_catalog();
    const std::string readme = readme_text();
    const auto& first = catalog.front();

    std::string without = readme;
    const std::string marker = truepipe::reference_begin_marker(first.display_name);
    without.erase(without.find(marker), marker.size());
    const auto missing = truepipe::update_reference(without, catalog);
    CHECK(missing.text.empty());
    CHECK(missing.problem.starts_with(
        fmt::format("the README has no reference block for {}:", first.display_name)));

    const auto extra = truepipe::update_reference(readme, catalog.subspan(1));
    CHECK(extra.text.empty());
    CHECK(extra.problem ==
          fmt::format("the README has a reference block for {}, which the catalog does not have",
                      first.display_name));
}

TEST_CASE("readme: a changed description is written into its block and nowhere else") {
    const std::string readme = readme_text();
    truepipe::function_info changed = truepipe::function_catalog().front();
    changed.description = "A description nobody wrote.";
    std::vector<truepipe::function_info> catalog(truepipe::function_catalog().begin(),
                                                 truepipe::function_catalog().end());
    catalog.front() = changed;
    const auto updated = truepipe::update_reference(readme, catalog);
    REQUIRE(updated.problem.empty());
    CHECK(updated.text != readme);
    CHECK(count_of(updated.text, "A description nobody wrote.") == 1);
    CHECK(truepipe::update_reference(updated.text, truepipe::function_catalog()).text == readme);
}

TEST_CASE("readme: the interface has one method per function, the hidden document first") {
    const std::string idl = truepipe::render_idl("XFunctions", "What it is.", truepipe::function_catalog());
    CHECK(idl.starts_with("// What it is.\n"));
    CHECK(idl.find("interface XFunctions : com::sun::star::uno::XInterface") != std::string::npos);
    CHECK(count_of(idl, "[in] com::sun::star::beans::XPropertySet document") ==
          truepipe::function_catalog().size());
    for (const auto& function : truepipe::function_catalog()) {
        CAPTURE(function.method);
        const std::string_view result = function.result == truepipe::result_type::text ? "string" : "any";
        const std::size_t at = idl.find(fmt::format(
            "    {} {}([in] com::sun::star::beans::XPropertySet document", result, function.method));
        REQUIRE(at != std::string::npos);
        const std::string method = idl.substr(at, idl.find(';', at) - at);
        std::size_t required = 0, tables = 0;
        for (const auto& argument : function.arguments) {
            if (argument.form == truepipe::argument_form::table)
                ++tables;
            else if (!argument.optional)
                ++required;
        }
        CHECK(count_of(method, "[in] sequence< sequence< any > >") == required);
        CHECK(count_of(method, "[in] com::sun::star::table::XCellRange ") == tables);
        CHECK(count_of(method, "[in] any ") == function.arguments.size() - required - tables);
    }
    CHECK(idl.find("advanceDates") != std::string::npos);  // UNO identifiers have no underscores
    CHECK(idl.find("advance_dates") == std::string::npos);
}

TEST_CASE("readme: the function reference links the page of answers to bad input") {
    const std::string readme = readme_text();
    const auto reference = readme.find("## Function reference");
    REQUIRE(reference != std::string::npos);
    const auto link = readme.find("[docs/ERRORS.md](docs/ERRORS.md)", reference);
    CHECK(link != std::string::npos);
    CHECK(link < readme.find("\n## ", reference + 1));
    std::ifstream page(std::string(TRUEPIPE_TEST_DIR) + "/../docs/ERRORS.md");
    CHECK(page.good());
}

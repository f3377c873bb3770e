// The function catalog: the reference's names and arguments, fixed forever.

#include <truepipe/catalog.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace truepipe;

namespace {

struct expected_function {
    std::string_view method;
    std::string_view display_name;
    std::vector<std::string_view> arguments;  // optional ones in brackets, as in the README
};

const std::vector<expected_function> contract = {
    {"stallDays", "STALL_DAYS", {"advance_dates", "[as_of]", "[rules]"}},
    {"stallLimit", "STALL_LIMIT", {"stage", "[rules]"}},
    {"advanceRate", "ADVANCE_RATE", {"outcomes", "[rules]", "[include]"}},
    {"realCoverage",
     "REAL_COVERAGE",
     {"amounts", "stages", "advance_dates", "close_dates", "target", "[as_of]", "[rules]", "[include]"}},
    {"winRate", "WIN_RATE", {"stages", "[amounts]", "[rules]", "[include]"}},
    {"dealStatus", "DEAL_STATUS", {"stage", "advance_dates", "close_date", "[as_of]", "[rules]"}},
    {"pipelineFlow",
     "PIPELINE_FLOW",
     {"category", "deals", "snapshot", "snapshot_date", "[as_of]", "[period_end]", "[rules]", "[owner]", "[measure]"}},
    {"dealChange",
     "DEAL_CHANGE",
     {"id", "deals", "snapshot", "snapshot_date", "[as_of]", "[period_end]", "[rules]", "[owner]"}},
    {"rulesCheck", "RULES_CHECK", {"[rules]"}},
};

// fmt rather than string concatenation: GCC 12 at -O3 reports a false
// -Wrestrict inside std::string's operator+ here.
std::string as_written(const argument_info& argument) {
    return argument.optional ? fmt::format("[{}]", argument.name) : std::string(argument.name);
}

// One plain sentence: starts with a capital letter and ends with a full stop.
bool is_sentence(std::string_view text) {
    return text.size() > 10 && text.front() >= 'A' && text.front() <= 'Z' && text.back() == '.';
}

}  // namespace

TEST_CASE("catalog: the functions of the reference, in its order") {
    const auto functions = function_catalog();
    REQUIRE(functions.size() == contract.size());
    for (std::size_t i = 0; i < contract.size(); ++i) {
        CAPTURE(contract[i].display_name);
        CHECK(functions[i].method == contract[i].method);
        CHECK(functions[i].display_name == contract[i].display_name);
        CHECK(functions[i].category == "Add-In");
        REQUIRE(functions[i].arguments.size() == contract[i].arguments.size());
        for (std::size_t a = 0; a < contract[i].arguments.size(); ++a)
            CHECK(as_written(functions[i].arguments[a]) == contract[i].arguments[a]);
    }
}

TEST_CASE("catalog: every function and argument is described in one sentence") {
    for (const auto& function : function_catalog()) {
        CAPTURE(function.display_name);
        CHECK(is_sentence(function.description));
        for (const auto& argument : function.arguments) {
            CAPTURE(argument.name);
            CHECK(is_sentence(argument.description));
        }
    }
}

TEST_CASE("catalog: the optional arguments say what omitting them means") {
    for (const auto& function : function_catalog()) {
        for (const auto& argument : function.arguments) {
            CAPTURE(function.display_name);
            CAPTURE(argument.name);
            if (argument.optional) CHECK(argument.description.find("omitted: ") != std::string_view::npos);
        }
    }
}

TEST_CASE("catalog: whole deal tables are the review's deals and snapshot, always required") {
    std::vector<std::string> tables;
    for (const auto& function : function_catalog())
        for (const auto& argument : function.arguments)
            if (argument.form == argument_form::table) {
                CHECK_FALSE(argument.optional);
                tables.push_back(fmt::format("{} {}", function.display_name, argument.name));
            }
    CHECK(tables == std::vector<std::string>{"PIPELINE_FLOW deals", "PIPELINE_FLOW snapshot", "DEAL_CHANGE deals",
                                             "DEAL_CHANGE snapshot"});
}

TEST_CASE("catalog: find_function looks up the method names exactly") {
    std::set<std::string_view> methods;
    for (const auto& function : function_catalog()) {
        CAPTURE(function.method);
        const function_info* found = find_function(function.method);
        REQUIRE(found != nullptr);
        CHECK(found == &function);
        methods.insert(function.method);
    }
    CHECK(methods.size() == function_catalog().size());
    CHECK(find_function("STALL_DAYS") == nullptr);
    CHECK(find_function("stalldays") == nullptr);
    CHECK(find_function("stallDay") == nullptr);
    CHECK(find_function("stallDaysX") == nullptr);
    CHECK(find_function("") == nullptr);
    CHECK(find_function("zzz") == nullptr);
}

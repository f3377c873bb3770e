// RULES_CHECK.

#include "formulas_support.hpp"

#include <truepipe/rules_parser.hpp>

#include <filesystem>
#include <fstream>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

std::filesystem::path scratch_file(std::string_view name, std::string_view contents) {
    const auto folder = std::filesystem::temp_directory_path() / "truepipe-formulas-rules-check";
    std::filesystem::create_directories(folder);
    const auto path = folder / name;
    std::ofstream(path, std::ios::binary) << contents;
    return std::filesystem::canonical(path);
}

const rules_error& parse_error(const parse_result& result) {
    REQUIRE(std::holds_alternative<rules_error>(result));
    return std::get<rules_error>(result);
}

}  // namespace

TEST_CASE("formulas_rules_check: rules that load give OK and their summary") {
    const auto parsed = parse_rules(worked_rules_text);
    REQUIRE(std::holds_alternative<rules>(parsed));
    CHECK(rules_check(worked_rules()) == "OK: " + std::get<rules>(parsed).summary());
}

TEST_CASE("formulas_rules_check: the built-in rules when none are given") {
    without_user_rules();
    CHECK(rules_check(rules_argument::omitted()) == "OK: " + builtin_rules().summary());
}

TEST_CASE("formulas_rules_check: a parse error as line and column, without the error marker") {
    constexpr std::string_view source = "calendar business-days\nstall-limt 9 days\n";
    const std::string expected = parse_error(parse_rules(source)).brief();
    REQUIRE(expected.starts_with("line 2, column 1: "));
    CHECK(rules_check(rules_argument::of_text(source)) == expected);

    const std::vector<cell> lines = {text("# team rules"), blank(), text("stage \"A\" weight 2")};
    const std::string from_cells = rules_check(rules_argument::of_cells(column(lines)));
    CHECK(from_cells.starts_with("line 3, column "));
    CHECK(from_cells == parse_error(parse_rules("# team rules\n\nstage \"A\" weight 2", "cells")).brief());
}

TEST_CASE("formulas_rules_check: a file's parse error names the file") {
    constexpr std::string_view source = "stage \"A\" stall-limit 0 days\n";
    const auto path = scratch_file("broken.rules", source);
    const std::string expected =
        path.string() + ": " + parse_error(parse_rules(source, path.string())).brief();
    CHECK(rules_check(rules_argument::of_text(path.string())) == expected);
}

TEST_CASE("formulas_rules_check: other problems as the engine words them") {
    const auto argument = rules_argument::of_text("/nonexistent/truepipe/team.rules");
    const auto loaded = load_rules(argument);
    REQUIRE_FALSE(loaded->ok());
    REQUIRE_FALSE(loaded->problem.empty());
    CHECK(rules_check(argument) == loaded->problem);
    CHECK_FALSE(rules_check(argument).starts_with("#"));
}

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

TEST_CASE("formulas_rules_check: a parse error in full: where, what, the line and a caret") {
    constexpr std::string_view source = "calendar business-days\n  stall-limt 9 days\n";
    CHECK(rules_check(rules_argument::of_text(source)) ==
          "line 2, column 3 (inline): unknown keyword \"stall-limt\", did you mean \"stall-limit\"?\n"
          "  stall-limt 9 days\n"
          "  ^");
    CHECK(rules_check(rules_argument::of_text(source)) == parse_error(parse_rules(source)).detailed());

    const std::vector<cell> lines = {text("# team rules"), blank(), text("stage \"A\" weight 2")};
    CHECK(rules_check(rules_argument::of_cells(column(lines))) ==
          "line 3, column 18 (rules range, row 3): weight 2 is more than 1\n"
          "stage \"A\" weight 2\n"
          "                 ^");
}

TEST_CASE("formulas_rules_check: a file's parse error names the file") {
    constexpr std::string_view source = "stage \"A\" stall-limit 0 days\n";
    const auto path = scratch_file("broken.rules", source);
    CHECK(rules_check(rules_argument::of_text(path.string())) ==
          "line 1, column 23 (" + path.string() + "): 0 days is less than the 1-day minimum\n" +
              std::string(source.substr(0, source.size() - 1)) + "\n" + std::string(22, ' ') + "^");
}

TEST_CASE("formulas_rules_check: limits are one line, without a caret") {
    const std::string long_line = "stage \"A\"\n# " + std::string(5000, 'x');
    CHECK(rules_check(rules_argument::of_text(long_line)) ==
          "line 2 (inline): this line is 5002 bytes long; at most 4096 bytes are allowed");
}

TEST_CASE("formulas_rules_check: other problems as the engine words them") {
    const auto argument = rules_argument::of_text("/nonexistent/truepipe/team.rules");
    const auto loaded = load_rules(argument);
    REQUIRE_FALSE(loaded->ok());
    REQUIRE(loaded->error);
    CHECK(loaded->error->what == diagnostic::kind::rules_source);
    CHECK(rules_check(argument) == loaded->error->message);
    CHECK_FALSE(rules_check(argument).starts_with("#"));
}

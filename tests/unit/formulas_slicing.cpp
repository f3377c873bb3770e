// The include argument of REAL_COVERAGE, ADVANCE_RATE and WIN_RATE, and the
// README's slicing example.

#include "formulas_support.hpp"

#include <fmt/format.h>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

rules_argument slicing_rules() {
    static const std::string text = slicing_rules_text();
    return rules_argument::of_text(text);
}

formula_result coverage(const slicing_sheet& sheet, const range_view& include) {
    return real_coverage(context_on("2026-01-01"), column(sheet.amounts), column(sheet.stages),
                         sheet.advance_view(), column(sheet.close_dates), number(worked_target),
                         date(worked_as_of), slicing_rules(), include);
}

const std::vector<cell> worked_outcomes = {
    text("Second meeting"),  text("call back later"), text("Pilot agreed"), number(1), number(0), blank(),
    text("Send information")};

std::string implicit_intersection(std::string_view first, std::string_view size) {
    return fmt::format(
        "#truepipe: include is a single value but {} has {}: in a normal formula Calc turns an expression "
        "over a range, such as (Reps=\"Maria\"), into the value of the formula's own row alone (implicit "
        "intersection); give include a helper column of TRUE/FALSE, or enter the formula as an array formula "
        "with Ctrl+Shift+Enter",
        first, size);
}

}  // namespace

TEST_CASE("formulas_slicing: the README's slicing example") {
    const slicing_sheet sheet;
    REQUIRE(sheet.deals() == 10);
    const auto ana = sheet.rep_is("Ana");
    const auto ben = sheet.rep_is("Ben");
    const auto this_quarter = sheet.closing_by("2026-12-31");

    CHECK(number_of(coverage(sheet, column(ana))) == doctest::Approx(0.4).epsilon(1e-12));
    CHECK(number_of(coverage(sheet, column(this_quarter))) == doctest::Approx(0.6).epsilon(1e-12));
    CHECK(number_of(win_rate(column(sheet.stages), {}, slicing_rules())) == 0.5);
    CHECK(number_of(win_rate(column(sheet.stages), column(sheet.amounts), slicing_rules())) ==
          doctest::Approx(8.0 / 13.0).epsilon(1e-12));
    CHECK(number_of(win_rate(column(sheet.stages), {}, slicing_rules(), column(ana))) ==
          doctest::Approx(2.0 / 3.0).epsilon(1e-12));
    CHECK(number_of(win_rate(column(sheet.stages), {}, slicing_rules(), column(ben))) == 0.0);
    // The seven deals of the worked example alone, without the decided deals added.
    CHECK(number_of(coverage(sheet, {})) == doctest::Approx(0.725).epsilon(1e-12));
}

TEST_CASE("formulas_slicing: TRUE or a non-zero number is in scope; FALSE, 0 or an empty cell is not") {
    const std::vector<cell> outcomes = {text("Second meeting"), text("Call back later"), number(1),
                                        number(0)};
    CHECK(number_of(advance_rate(column(outcomes), worked_rules(), {})) == 0.5);
    const std::vector<cell> all = {number(1), number(1), number(1), number(1)};
    CHECK(number_of(advance_rate(column(outcomes), worked_rules(), column(all))) == 0.5);
    const std::vector<cell> first_two = {number(1), number(-2.5), number(0), blank()};
    CHECK(number_of(advance_rate(column(outcomes), worked_rules(), column(first_two))) == 0.5);
    const std::vector<cell> advances = {number(1), number(0), number(0.25), blank()};
    CHECK(number_of(advance_rate(column(outcomes), worked_rules(), column(advances))) == 1.0);
    const std::vector<cell> continuations = {blank(), number(1), blank(), number(1)};
    CHECK(number_of(advance_rate(column(outcomes), worked_rules(), column(continuations))) == 0.0);
}

TEST_CASE("formulas_slicing: an include as a row beside a column of outcomes, and a block beside a block") {
    const std::vector<cell> include = {number(1), number(1), number(1), number(0),
                                       number(0), number(0), number(0)};
    CHECK(number_of(advance_rate(column(worked_outcomes), worked_rules(), row_of(include))) ==
          doctest::Approx(2.0 / 3.0));
    const std::vector<cell> outcomes = {text("Second meeting"), text("Call back later"), number(1),
                                        number(0)};
    const std::vector<cell> corners = {number(1), number(0), number(0), number(1)};
    CHECK(number_of(advance_rate(block(outcomes, 2, 2), worked_rules(), block(corners, 2, 2))) == 0.5);
    const std::vector<cell> wrong_block = {number(1), number(0), number(0), number(1), number(1), number(1)};
    CHECK(text_of(advance_rate(block(outcomes, 2, 2), worked_rules(), block(wrong_block, 3, 2))) ==
          "#truepipe: include has 3 rows by 2 columns but outcomes has 2 rows by 2 columns");
}

TEST_CASE("formulas_slicing: rows out of scope are not checked") {
    slicing_sheet sheet;
    auto ana = sheet.rep_is("Ana");
    // Ben's second deal: a typo in the stage, a text amount and no close date.
    sheet.stages[3] = text("Discovry");
    sheet.amounts[3] = text("15k");
    sheet.close_dates[3] = blank();
    CHECK(number_of(coverage(sheet, column(ana))) == doctest::Approx(0.4).epsilon(1e-12));
    CHECK(number_of(win_rate(column(sheet.stages), column(sheet.amounts), slicing_rules(), column(ana))) ==
          doctest::Approx(80000.0 / 120000.0).epsilon(1e-12));
    CHECK(text_of(coverage(sheet, {})) == "#truepipe: row 4: amount \"15k\" is not a number");
    sheet.amounts[3] = number(15000);
    CHECK(
        text_of(win_rate(column(sheet.stages), {}, slicing_rules())) ==
        "#truepipe: row 4: unknown stage \"Discovry\" (known: Prospecting, Discovery, Proposal, Closed Won, "
        "Closed Lost)");

    std::vector<cell> outcomes = worked_outcomes;
    outcomes[1] = text("Maybe");
    const std::vector<cell> skip_second = {number(1), number(0), number(1), number(1),
                                           number(1), number(1), number(1)};
    CHECK(number_of(advance_rate(column(outcomes), worked_rules(), column(skip_second))) == 3.0 / 5.0);
}

TEST_CASE("formulas_slicing: a text in include is an error naming its row") {
    const slicing_sheet sheet;
    auto flags = sheet.rep_is("Ana");
    flags[2] = text(" yes ");
    const std::string expected = "#truepipe: row 3: include \"yes\" is a text: use TRUE/FALSE or 1/0";
    CHECK(text_of(coverage(sheet, column(flags))) == expected);
    CHECK(text_of(win_rate(column(sheet.stages), {}, slicing_rules(), column(flags))) == expected);
    std::vector<cell> outcome_flags(worked_outcomes.size(), number(1));
    outcome_flags[2] = text("yes");
    CHECK(text_of(advance_rate(column(worked_outcomes), worked_rules(), column(outcome_flags))) == expected);
    CHECK(text_of(advance_rate(row_of(worked_outcomes), worked_rules(), row_of(outcome_flags))) == expected);
}

TEST_CASE("formulas_slicing: one include value for many rows is the implicit-intersection mistake") {
    const slicing_sheet sheet;
    for (const cell& single : {number(1), number(0), blank(), text("x")}) {
        const std::vector<cell> one = {single};
        CHECK(text_of(coverage(sheet, column(one))) == implicit_intersection("amounts", "10 rows"));
        CHECK(text_of(win_rate(column(sheet.stages), column(sheet.amounts), slicing_rules(), column(one))) ==
              implicit_intersection("stages", "10 rows"));
        CHECK(text_of(advance_rate(column(worked_outcomes), worked_rules(), column(one))) ==
              implicit_intersection("outcomes", "7 rows"));
        CHECK(text_of(advance_rate(row_of(worked_outcomes), worked_rules(), column(one))) ==
              implicit_intersection("outcomes", "7 columns"));
    }
    // A single deal or conversation takes a single include value.
    const std::vector<cell> outcome = {text("Second meeting")};
    const std::vector<cell> yes = {number(1)};
    const std::vector<cell> no = {number(0)};
    CHECK(number_of(advance_rate(column(outcome), worked_rules(), column(yes))) == 1.0);
    CHECK(text_of(advance_rate(column(outcome), worked_rules(), column(no))) ==
          "#truepipe: no conversations in scope");
}

TEST_CASE("formulas_slicing: include must be as long as the first range") {
    const slicing_sheet sheet;
    const std::vector<cell> three = {number(1), number(1), number(1)};
    CHECK(text_of(coverage(sheet, column(three))) == "#truepipe: include has 3 rows but amounts has 10");
    CHECK(text_of(coverage(sheet, row_of(three))) ==
          "#truepipe: include has 3 columns but amounts has 10 rows");
    CHECK(text_of(win_rate(column(sheet.stages), {}, slicing_rules(), column(three))) ==
          "#truepipe: include has 3 rows but stages has 10");
    const std::vector<cell> two_columns(20, number(1));
    CHECK(text_of(coverage(sheet, block(two_columns, 10, 2))) ==
          "#truepipe: include must be a single column or row, not 10 rows by 2 columns");
}

TEST_CASE("formulas_slicing: nothing in scope") {
    const slicing_sheet sheet;
    const std::vector<cell> none(sheet.deals(), number(0));
    CHECK(number_of(coverage(sheet, column(none))) == 0.0);
    CHECK(text_of(win_rate(column(sheet.stages), {}, slicing_rules(), column(none))) ==
          "#truepipe: no decided deals (won or lost) in scope");
    const std::vector<cell> no_outcome(worked_outcomes.size(), blank());
    CHECK(text_of(advance_rate(column(worked_outcomes), worked_rules(), column(no_outcome))) ==
          "#truepipe: no conversations in scope");
    CHECK(text_of(advance_rate(column(no_outcome), worked_rules(), {})) == "#truepipe: no conversations");
}

TEST_CASE("formulas_slicing: every row in scope is the same as include omitted") {
    const slicing_sheet sheet;
    const std::vector<cell> all(sheet.deals(), number(1));
    CHECK(number_of(coverage(sheet, column(all))) == number_of(coverage(sheet, {})));
    CHECK(number_of(win_rate(column(sheet.stages), column(sheet.amounts), slicing_rules(), column(all))) ==
          number_of(win_rate(column(sheet.stages), column(sheet.amounts), slicing_rules())));
}

TEST_CASE("formulas_slicing: the include check comes after the rules and before the rows") {
    const slicing_sheet sheet;
    const std::vector<cell> one = {number(1)};
    CHECK(text_of(advance_rate(column(worked_outcomes), rules_argument::of_text("stall-limit 0 days"),
                               column(one))) ==
          "#truepipe: rules line 1, column 13 (inline): 0 days is less than the 1-day minimum");
    slicing_sheet broken = sheet;
    broken.amounts[0] = number(-1);
    CHECK(text_of(coverage(broken, column(one))) == implicit_intersection("amounts", "10 rows"));
}

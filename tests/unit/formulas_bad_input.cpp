// Bad input that used to give a number or an unreadable message: a range where
// one value belongs, dates before 1900, very long texts, whole-column rules.

#include "formulas_support.hpp"

#include <string>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

// A function: the REQUIRE inside may not run before doctest has started.
call_context any_day() { return context_on("2026-01-01"); }

std::string long_text(std::string_view start, std::size_t size, char fill = 'x') {
    std::string text(start);
    text.resize(size, fill);
    return text;
}

}  // namespace

TEST_CASE("formulas_bad_input: a range where one value belongs is an error, not its first cell") {
    const std::vector<cell> dates = {date("2026-11-20")};
    const std::vector<cell> two_days = {date("2026-11-30"), date("2026-12-15")};
    CHECK(text_of(stall_days(any_day(), column(dates), column(two_days), worked_rules())) ==
          "#truepipe: as_of must be a single cell, not 2 rows");
    CHECK(text_of(stall_days(any_day(), column(dates), row_of(two_days), worked_rules())) ==
          "#truepipe: as_of must be a single cell, not 2 columns");

    const std::vector<cell> stages = {text("Discovery"), text("Proposal")};
    CHECK(text_of(stall_limit(column(stages), worked_rules())) ==
          "#truepipe: stage must be a single cell, not 2 rows");
    CHECK(deal_status(any_day(), column(stages), column(dates), range_view::single(two_days[1]),
                      range_view::single(two_days[0]),
                      worked_rules()) == "#truepipe: stage must be a single cell, not 2 rows");
    const cell discovery = text("Discovery");
    CHECK(deal_status(any_day(), range_view::single(discovery), column(dates), column(two_days),
                      range_view::single(two_days[0]),
                      worked_rules()) == "#truepipe: close_date must be a single cell, not 2 rows");

    const std::vector<cell> amounts = {number(40000)};
    const std::vector<cell> one_stage = {text("Discovery")};
    const std::vector<cell> closes = {date("2026-12-31")};
    const std::vector<cell> targets = {number(100000), number(5), number(1), number(2)};
    const cell as_of = date("2026-11-30");
    CHECK(text_of(real_coverage(any_day(), column(amounts), column(one_stage), column(dates), column(closes),
                                block(targets, 2, 2), range_view::single(as_of), worked_rules())) ==
          "#truepipe: target must be a single cell, not 2 rows by 2 columns");
    CHECK(number_of(real_coverage(any_day(), column(amounts), column(one_stage), column(dates),
                                  column(closes), range_view::single(targets[0]), range_view::single(as_of),
                                  worked_rules())) == 0.4);
    // One cell, and an omitted argument (an empty view), still work.
    CHECK(number_of(stall_days(any_day(), column(dates), range_view::single(as_of), worked_rules())) == 5);
    CHECK(number_of(stall_days(context_on("2026-11-30"), column(dates), range_view{}, worked_rules())) == 5);
    CHECK(number_of(stall_limit(range_view::single(discovery), worked_rules())) == 10);
}

TEST_CASE("formulas_bad_input: dates before 1900 are not dates") {
    const std::vector<cell> dates = {date("2026-11-20")};
    // TRUE reaches the add-in as 1, the serial of 1899-12-31.
    CHECK(text_of(stall_days(any_day(), column(dates), number(1), worked_rules())) ==
          "#truepipe: as_of 1 is 1899-12-31, before 1900-01-01");
    CHECK(text_of(stall_days(any_day(), column(dates), number(-1), worked_rules())) ==
          "#truepipe: as_of -1 is 1899-12-29, before 1900-01-01");
    CHECK(text_of(stall_days(any_day(), column(dates), text("1850-06-01"), worked_rules())) ==
          "#truepipe: as_of \"1850-06-01\" is before 1900-01-01");
    const std::vector<cell> early = {date("2026-11-20"), number(-45)};
    CHECK(text_of(stall_days(any_day(), column(early), date("2026-11-30"), worked_rules())) ==
          "#truepipe: row 2: -45 is 1899-11-15, before 1900-01-01");
    // 1900-01-01 (serial 2) is the first date.
    const std::vector<cell> first_day = {number(2)};
    CHECK(number_of(stall_days(any_day(), column(first_day), number(3),
                               rules_argument::of_text("calendar "
                                                       "calendar-days"))) == 1);
    CHECK(deal_status(any_day(), text("Discovery"), column(dates), number(1), date("2026-11-30"),
                      worked_rules()) == "#truepipe: close date 1 is 1899-12-31, before 1900-01-01");
    // In a 1904-based document serial 1 is 1904-01-02: a date like any other.
    const auto dates_1904 = date_system::from_null_date(1904, 1, 1);
    const std::vector<cell> in_1904 = {number(1)};
    CHECK(number_of(stall_days(context_on("2026-01-01", dates_1904), column(in_1904), number(3),
                               rules_argument::of_text("calendar calendar-days"))) == 2);
}

TEST_CASE("formulas_bad_input: a message quotes a long text by its first 60 characters") {
    const std::string stage = long_text("Stage ", 5000);
    const std::string shown = "\"" + long_text("Stage ", 60) + "\u2026\"";
    CHECK(text_of(stall_limit(text(stage), worked_rules())) ==
          "#truepipe: unknown stage " + shown + " (known: Prospecting, Discovery, Proposal, Closed Won)");

    const std::string amount(5000, '1');
    const std::vector<cell> amounts = {text(amount)};
    CHECK(text_of(win_rate(column(std::vector<cell>{text("Closed Won")}), column(amounts),
                           rules_argument::omitted())) ==
          "#truepipe: row 1: amount \"" + std::string(60, '1') + "\u2026\" is not a number");

    // Characters, not bytes: a two-byte letter is never cut in half.
    std::string accented;
    for (int i = 0; i < 61; ++i) accented += "\u00e9";
    std::string cut;
    for (int i = 0; i < 60; ++i) cut += "\u00e9";
    const std::vector<cell> outcomes = {text(accented)};
    CHECK(text_of(advance_rate(column(outcomes), worked_rules())) ==
          "#truepipe: row 1: unknown outcome \"" + cut +
              "\u2026\" (advance: Second meeting, Pilot agreed; continuation: Call back later, Send "
              "information)");
    // Exactly 60 characters are quoted whole.
    const std::string sixty = long_text("Stage ", 60);
    CHECK(text_of(stall_limit(text(sixty), worked_rules())) ==
          "#truepipe: unknown stage \"" + sixty + "\" (known: Prospecting, Discovery, Proposal, Closed Won)");
}

TEST_CASE("formulas_bad_input: empty cells after a rules range's last line are no lines") {
    // A whole column: a million cells, nearly all of them empty.
    std::vector<cell> column_cells(1'048'576, blank());
    column_cells[0] = text("stall-limit 9 days");
    column_cells[2] = text("stage \"Proposal\"");
    const auto rules = rules_argument::of_cells(column(column_cells));
    CHECK(
        rules_check(rules) ==
        "OK: 1 stage (1 open, 0 closed), 0 advance and 0 continuation outcomes, calendar-days, default stall "
        "limit 9 days");
    // A blank line inside the range still counts, so an error names its row.
    column_cells[4] = text("stage \"Proposal\"");
    CHECK(rules_check(rules_argument::of_cells(column(column_cells)))
              .starts_with(
                  "line 5, column 7 (rules range, row 5): stage \"Proposal\" is already defined on line 3"));
}

TEST_CASE("formulas_bad_input: a stage that is a number names it, and a lone empty cell is empty") {
    CHECK(text_of(stall_limit(number(3), worked_rules())) ==
          "#truepipe: stage 3 is a number, not a stage name");
    // A reference to one empty cell reaches the add-in as 0.
    CHECK(text_of(stall_limit(number(0), worked_rules())) == "#truepipe: stage is empty");
    const std::vector<cell> dates = {date("2026-11-20")};
    CHECK(deal_status(any_day(), number(0), column(dates), date("2026-12-31"), date("2026-11-30"),
                      worked_rules()) == "#truepipe: stage is empty");
    // In a range an empty cell stays empty, so a 0 there is a number.
    const std::vector<cell> stages = {text("Closed Won"), number(0)};
    CHECK(text_of(win_rate(column(stages), {}, rules_argument::of_text("stage \"Closed Won\" won"))) ==
          "#truepipe: row 2: stage 0 is a number, not a stage name");
}

TEST_CASE("formulas_bad_input: long names from the rules are listed by their first 60 characters") {
    const std::string name = long_text("Stage ", 100);
    const std::string shown = long_text("Stage ", 60) + "\u2026";
    const std::string rules_text = "stage \"" + name + "\" closed\nadvance \"" + name + "\"\n";
    const auto rules = rules_argument::of_text(rules_text);  // a view: the text must outlive it
    CHECK(text_of(stall_limit(text("Other"), rules)) ==
          "#truepipe: unknown stage \"Other\" (known: " + shown + ")");
    CHECK(text_of(stall_limit(text(name), rules)) ==
          "#truepipe: \"" + shown + "\" is a closed stage and has no stall limit");
    const std::vector<cell> outcomes = {text("Maybe")};
    CHECK(text_of(advance_rate(column(outcomes), rules)) ==
          "#truepipe: row 1: unknown outcome \"Maybe\" (advance: " + shown + "; continuation: none)");
}

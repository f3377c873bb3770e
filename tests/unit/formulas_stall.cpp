// STALL_DAYS and STALL_LIMIT.

#include "formulas_support.hpp"

#include <truepipe/rules_parser.hpp>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

const rules_argument calendar_days = rules_argument::of_text("calendar calendar-days");

double stall(const std::vector<cell>& dates, const cell& as_of, const rules_argument& rules = worked_rules(),
             const call_context& context = context_on("2026-01-01")) {
    return number_of(stall_days(context, column(dates), as_of, rules));
}

std::string stall_error(const range_view& dates, const cell& as_of,
                        const rules_argument& rules = worked_rules()) {
    return text_of(stall_days(context_on("2026-01-01"), dates, as_of, rules));
}

}  // namespace

TEST_CASE("formulas_stall: every row of the worked example") {
    const worked_sheet sheet;
    for (std::size_t i = 0; i < sheet.deals(); ++i) {
        CAPTURE(i + 1);
        const std::vector<cell> dates = {sheet.advance_dates[2 * i], sheet.advance_dates[2 * i + 1]};
        CHECK(number_of(stall_days(context_on("2026-01-01"), row_of(dates), date(worked_as_of),
                                   worked_rules())) == worked_deals()[i].stall_days);
    }
}

TEST_CASE("formulas_stall: the stalled Proposal deal is 14 days in calendar-days mode") {
    CHECK(stall({date("2026-11-16")}, date(worked_as_of), calendar_days) == 14);
}

TEST_CASE("formulas_stall: business days skip weekends and holidays") {
    const auto rules = rules_argument::of_text("calendar business-days\nholiday 2026-12-25\n");
    // Friday to the next Saturday, Sunday and Monday.
    CHECK(stall({date("2026-11-20")}, date("2026-11-21"), rules) == 0);
    CHECK(stall({date("2026-11-20")}, date("2026-11-22"), rules) == 0);
    CHECK(stall({date("2026-11-20")}, date("2026-11-23"), rules) == 1);
    // Thursday 2026-12-24 to Monday 2026-12-28: Friday the 25th is a holiday.
    CHECK(stall({date("2026-12-24")}, date("2026-12-28"), rules) == 1);
    CHECK(stall({date("2026-12-24")}, date("2026-12-28"), calendar_days) == 4);
    // A holiday on a weekend removes nothing.
    const auto weekend_holiday = rules_argument::of_text("calendar business-days\nholiday 2026-11-21\n");
    CHECK(stall({date("2026-11-20")}, date("2026-11-23"), weekend_holiday) == 1);
}

TEST_CASE("formulas_stall: the latest date on or before as_of counts") {
    const std::vector<cell> dates = {date("2026-11-02"), blank(), date("2026-12-03"), date("2026-11-23")};
    CHECK(stall(dates, date(worked_as_of), calendar_days) == 7);
    // As of an earlier day, the later dates had not happened yet.
    CHECK(stall(dates, date("2026-11-20"), calendar_days) == 18);
    // A date on as_of itself: no day has passed.
    CHECK(stall(dates, date("2026-11-23"), calendar_days) == 0);
    CHECK(stall_error(column(dates), date("2026-11-01"), calendar_days) ==
          "#truepipe: no advance date on or before 2026-11-01");
}

TEST_CASE("formulas_stall: no date at all is an error") {
    const std::vector<cell> empty_cells = {blank(), blank()};
    CHECK(stall_error(column(empty_cells), date(worked_as_of)) ==
          "#truepipe: no advance date on or before 2026-11-30");
    const std::vector<cell> none;
    CHECK(stall_error(column(none), date(worked_as_of)) ==
          "#truepipe: no advance date on or before 2026-11-30");
}

TEST_CASE("formulas_stall: omitted as_of means today") {
    const std::vector<cell> dates = {date("2026-11-20")};
    const auto context = context_on("2026-11-25");
    CHECK(number_of(stall_days(context, column(dates), blank(), calendar_days)) == 5);
    // Calc hands over a reference to one empty cell as the number 0.
    CHECK(number_of(stall_days(context, column(dates), number(0), calendar_days)) == 5);
}

TEST_CASE("formulas_stall: ISO texts are dates, other texts are errors naming their position") {
    CHECK(stall({text("2026-11-20")}, text(" 2026-11-30 "), calendar_days) == 10);
    CHECK(stall({text(" 2026-11-20"), date("2026-11-10")}, date("2026-11-30"), calendar_days) == 10);

    const std::vector<cell> in_column = {date("2026-11-02"), blank(), text("next week")};
    CHECK(stall_error(column(in_column), date(worked_as_of)) ==
          "#truepipe: row 3: \"next week\" is not a date");
    // A single row is a vector too: its positions are still rows.
    CHECK(stall_error(row_of(in_column), date(worked_as_of)) ==
          "#truepipe: row 3: \"next week\" is not a date");
    const std::vector<cell> in_block = {date("2026-11-02"), blank(), blank(), text("2026-02-30")};
    CHECK(stall_error(block(in_block, 2, 2), date(worked_as_of)) ==
          "#truepipe: row 2, column 2: \"2026-02-30\" is not a date");
    const std::vector<cell> huge = {number(1e300)};
    CHECK(stall_error(column(huge), date(worked_as_of)) == "#truepipe: row 1: 1e+300 is not a date");
}

TEST_CASE("formulas_stall: a bad as_of is an error") {
    const std::vector<cell> dates = {date("2026-11-20")};
    CHECK(stall_error(column(dates), text("next week")) == "#truepipe: as_of \"next week\" is not a date");
    CHECK(stall_error(column(dates), number(-1e12)) == "#truepipe: as_of -1000000000000 is not a date");
}

TEST_CASE("formulas_stall: the time of day does not count") {
    CHECK(stall({number(serial("2026-11-20") + 0.9)}, number(serial("2026-11-30") + 0.1), calendar_days) ==
          10);
}

TEST_CASE("formulas_stall: a 1904 NullDate gives the same answers") {
    const auto dates_1904 = date_system::from_null_date(1904, 1, 1);
    // The same day has a serial 1462 smaller in 1904-based documents.
    REQUIRE(serial(worked_as_of) - serial(worked_as_of, dates_1904) == 1462);
    const auto context = context_on("2026-01-01", dates_1904);
    const worked_sheet sheet(dates_1904);
    for (std::size_t i = 0; i < sheet.deals(); ++i) {
        CAPTURE(i + 1);
        const std::vector<cell> dates = {sheet.advance_dates[2 * i], sheet.advance_dates[2 * i + 1]};
        CHECK(number_of(stall_days(context, row_of(dates), date(worked_as_of, dates_1904), worked_rules())) ==
              worked_deals()[i].stall_days);
    }
    const std::vector<cell> none;
    CHECK(text_of(stall_days(context, column(none), date(worked_as_of, dates_1904), worked_rules())) ==
          "#truepipe: no advance date on or before 2026-11-30");
}

TEST_CASE("formulas_stall: rules that do not load are reported as the engine words them") {
    constexpr std::string_view broken = "stall-limit 9999 days\n";
    const auto error = parse_rules(broken);
    REQUIRE(std::holds_alternative<rules_error>(error));
    const std::vector<cell> dates = {date("2026-11-20")};
    CHECK(stall_error(column(dates), date(worked_as_of), rules_argument::of_text(broken)) ==
          "#truepipe: rules " + std::get<rules_error>(error).brief());
}

TEST_CASE("formulas_stall: STALL_LIMIT gives each stage's limit") {
    CHECK(number_of(stall_limit(text("Discovery"), worked_rules())) == 10);
    CHECK(number_of(stall_limit(text("  proposal "), worked_rules())) == 5);
    // A not-counted stage still has a limit: the default.
    CHECK(number_of(stall_limit(text("Prospecting"), worked_rules())) == 30);
}

TEST_CASE("formulas_stall: STALL_LIMIT errors") {
    CHECK(text_of(stall_limit(text("closed won"), worked_rules())) ==
          "#truepipe: \"Closed Won\" is a closed stage and has no stall limit");
    CHECK(text_of(stall_limit(text("Propsal"), worked_rules())) ==
          "#truepipe: unknown stage \"Propsal\" (known: Prospecting, Discovery, Proposal, Closed Won)");
    CHECK(text_of(stall_limit(blank(), worked_rules())) == "#truepipe: stage is empty");
    CHECK(text_of(stall_limit(text("   "), worked_rules())) == "#truepipe: stage is empty");
    CHECK(text_of(stall_limit(number(3), worked_rules())) ==
          "#truepipe: stage 3 is a number, not a stage name");
}

TEST_CASE("formulas_stall: STALL_LIMIT without stage lines is the default for any stage") {
    const auto rules = rules_argument::of_text("stall-limit 12 days");
    CHECK(number_of(stall_limit(text("Anything at all"), rules)) == 12);
    CHECK(text_of(stall_limit(blank(), rules)) == "#truepipe: stage is empty");
}

TEST_CASE("formulas_stall: STALL_LIMIT with omitted rules uses the built-in defaults") {
    without_user_rules();
    CHECK(number_of(stall_limit(text("Proposal"), rules_argument::omitted())) == 14);
    CHECK(number_of(stall_limit(text("Prospecting"), rules_argument::omitted())) == 14);
    CHECK(number_of(stall_limit(text("Negotiation"), rules_argument::omitted())) == 10);
    CHECK(text_of(stall_limit(text("Closed Lost"), rules_argument::omitted())) ==
          "#truepipe: \"Closed Lost\" is a closed stage and has no stall limit");
}

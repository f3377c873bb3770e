// DEAL_STATUS, and its agreement with REAL_COVERAGE.

#include "formulas_support.hpp"

using namespace truepipe;
using namespace truepipe::testing;

namespace {

std::string status(const cell& stage, const std::vector<cell>& advance_dates, const cell& close_date,
                   const cell& as_of = date(worked_as_of), const rules_argument& rules = worked_rules()) {
    return deal_status(context_on("2026-01-01"), stage, row_of(advance_dates), close_date, as_of, rules);
}

}  // namespace

TEST_CASE("formulas_status: every row of the worked example") {
    const worked_sheet sheet;
    for (std::size_t i = 0; i < sheet.deals(); ++i) {
        CAPTURE(i + 1);
        const std::vector<cell> dates = {sheet.advance_dates[2 * i], sheet.advance_dates[2 * i + 1]};
        CHECK(status(sheet.stages[i], dates, sheet.close_dates[i]) == worked_deals()[i].status);
    }
}

TEST_CASE("formulas_status: a 1904 NullDate gives the same statuses") {
    const auto dates_1904 = date_system::from_null_date(1904, 1, 1);
    const worked_sheet sheet(dates_1904);
    const auto context = context_on("2026-01-01", dates_1904);
    for (std::size_t i = 0; i < sheet.deals(); ++i) {
        CAPTURE(i + 1);
        const std::vector<cell> dates = {sheet.advance_dates[2 * i], sheet.advance_dates[2 * i + 1]};
        CHECK(deal_status(context, sheet.stages[i], row_of(dates), sheet.close_dates[i],
                          date(worked_as_of, dates_1904), worked_rules()) == worked_deals()[i].status);
    }
}

TEST_CASE("formulas_status: exactly the deals whose status is real are counted") {
    // Every deal of the worked example, under several as-of dates and both
    // calendars: a one-deal REAL_COVERAGE is non-zero exactly when the status says real.
    std::string calendar_rules(worked_rules_text);
    calendar_rules.replace(calendar_rules.find("business-days"), 13, "calendar-days");
    const worked_sheet sheet;
    std::size_t real = 0;
    std::size_t other = 0;
    for (const auto& rules : {worked_rules(), rules_argument::of_text(calendar_rules)}) {
        for (const auto* as_of : {"2026-11-10", "2026-11-20", "2026-11-26", "2026-11-30", "2026-12-19"}) {
            for (std::size_t i = 0; i < sheet.deals(); ++i) {
                CAPTURE(as_of);
                CAPTURE(i + 1);
                const std::vector<cell> amount = {sheet.amounts[i]};
                const std::vector<cell> stage = {sheet.stages[i]};
                const std::vector<cell> dates = {sheet.advance_dates[2 * i], sheet.advance_dates[2 * i + 1]};
                const std::vector<cell> close = {sheet.close_dates[i]};
                const std::string said = deal_status(context_on("2026-01-01"), sheet.stages[i], row_of(dates),
                                                     sheet.close_dates[i], date(as_of), rules);
                const double counted = number_of(real_coverage(context_on("2026-01-01"), column(amount),
                                                               column(stage), row_of(dates), column(close),
                                                               number(worked_target), date(as_of), rules));
                CHECK((said == "real") == (counted > 0.0));
                ++(said == "real" ? real : other);
            }
        }
    }
    // The check above means something only if both kinds occur.
    CHECK(real > 0);
    CHECK(other > 0);
}

TEST_CASE("formulas_status: the conditions in REAL_COVERAGE's order") {
    // Closed before anything else, even with dates that are not dates.
    CHECK(status(text("Closed Won"), {text("soon")}, text("later")) == "closed");
    // Not counted, with the stage as written in the rules.
    CHECK(status(text("  prospecting "), {blank()}, blank()) == "not counted: Prospecting");
    // No advance on or before as_of, even if it would be past its close date.
    CHECK(status(text("Discovery"), {date("2026-12-01")}, date("2026-11-01")) ==
          "no advance on or before 2026-11-30");
    CHECK(status(text("Discovery"), {blank(), blank()}, date("2026-12-31")) ==
          "no advance on or before 2026-11-30");
    // Stalled before past its close date.
    CHECK(status(text("proposal"), {date("2026-11-16")}, date("2026-11-01")) ==
          "stalled: 9 days in Proposal (limit 5)");
    CHECK(status(text("Discovery"), {date("2026-11-25")}, date("2026-11-27")) ==
          "past close date 2026-11-27");
}

TEST_CASE("formulas_status: the boundaries are real") {
    // Stall days equal to the limit, close date equal to as_of.
    CHECK(status(text("Proposal"), {date("2026-11-20")}, date("2026-11-30")) == "real");
    CHECK(status(text("Proposal"), {date("2026-11-20")}, date("2026-11-29")) == "past close date 2026-11-29");
    CHECK(status(text("Proposal"), {date("2026-11-19")}, date("2026-11-30")) ==
          "stalled: 6 days in Proposal (limit 5)");
}

TEST_CASE("formulas_status: the default limit and the stage named as given without stage lines") {
    const auto rules = rules_argument::of_text("stall-limit 1 day");
    CHECK(status(text("  My Stage "), {date("2026-11-28")}, date("2026-12-31"), date(worked_as_of), rules) ==
          "stalled: 2 days in My Stage (limit 1)");
    CHECK(status(text("Closed Won"), {date("2026-11-29")}, date("2026-12-31"), date(worked_as_of), rules) ==
          "real");
}

TEST_CASE("formulas_status: ISO texts and omitted as_of") {
    CHECK(status(text("Discovery"), {text("2026-11-20")}, text("2026-12-31"), text("2026-11-30")) == "real");
    const std::vector<cell> dates = {date("2026-11-20")};
    CHECK(deal_status(context_on("2026-12-15"), text("Discovery"), row_of(dates), date("2026-12-31"), blank(),
                      worked_rules()) == "stalled: 16 days in Discovery (limit 10)");
}

TEST_CASE("formulas_status: bad input is an error without a row") {
    CHECK(status(text("Propsal"), {date("2026-11-20")}, date("2026-12-31")) ==
          "#truepipe: unknown stage \"Propsal\" (known: Prospecting, Discovery, Proposal, Closed Won)");
    CHECK(status(blank(), {date("2026-11-20")}, date("2026-12-31")) == "#truepipe: stage is empty");
    CHECK(status(number(1), {date("2026-11-20")}, date("2026-12-31")) ==
          "#truepipe: stage 1 is a number, not a stage name");
    CHECK(status(text("Discovery"), {date("2026-11-20")}, blank()) == "#truepipe: close date is empty");
    CHECK(status(text("Discovery"), {date("2026-11-20")}, text("Q4")) ==
          "#truepipe: close date \"Q4\" is not a date");
    CHECK(status(text("Discovery"), {date("2026-11-20"), text("yesterday")}, date("2026-12-31")) ==
          "#truepipe: advance date \"yesterday\" is not a date");
    CHECK(status(text("Discovery"), {date("2026-11-20")}, date("2026-12-31"), text("today")) ==
          "#truepipe: as_of \"today\" is not a date");
}

// REAL_COVERAGE.

#include "formulas_support.hpp"

using namespace truepipe;
using namespace truepipe::testing;

namespace {

const std::string known_stages = "(known: Prospecting, Discovery, Proposal, Closed Won)";

// Real pipeline over target, computed from the worked example's table: only the deals it
// calls real, each at its stage's weight.
double worked_real_coverage() {
    double real = 0.0;
    for (const auto& deal : worked_deals())
        if (deal.status == "real") real += deal.amount * deal.weight;
    return real / worked_target;
}

formula_result coverage(const worked_sheet& sheet, const cell& as_of = date(worked_as_of),
                        const rules_argument& rules = worked_rules(),
                        const call_context& context = context_on("2026-01-01")) {
    return real_coverage(context, column(sheet.amounts), column(sheet.stages), sheet.advance_view(),
                         column(sheet.close_dates), number(worked_target), as_of, rules);
}

// One deal of the worked example with its cells replaced, as a one-row sheet.
struct one_deal {
    std::vector<cell> amount, stage, advance_dates, close_date;
};

std::string one_deal_error(const one_deal& deal, const rules_argument& rules = worked_rules()) {
    return text_of(real_coverage(context_on("2026-01-01"), column(deal.amount), column(deal.stage),
                                 block(deal.advance_dates, 1, deal.advance_dates.size()),
                                 column(deal.close_date), number(worked_target), date(worked_as_of), rules));
}

}  // namespace

TEST_CASE("formulas_coverage: the worked example") {
    CHECK(worked_real_coverage() == doctest::Approx(0.725));
    CHECK(number_of(coverage(worked_sheet())) == doctest::Approx(worked_real_coverage()).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: a 1904 NullDate gives the same answer") {
    const auto dates_1904 = date_system::from_null_date(1904, 1, 1);
    const worked_sheet sheet(dates_1904);
    REQUIRE(sheet.close_dates[0].number == serial("2026-12-31") - 1462);
    CHECK(number_of(coverage(sheet, date(worked_as_of, dates_1904), worked_rules(),
                             context_on("2026-01-01", dates_1904))) ==
          doctest::Approx(worked_real_coverage()).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: calendar-days mode stalls the second Proposal deal too") {
    std::string rules(worked_rules_text);
    rules.replace(rules.find("business-days"), 13, "calendar-days");
    // Calendar days as of 2026-11-30: 10 (limit 10), 7 (limit 5: stalled), 14, ..., 6.
    CHECK(number_of(coverage(worked_sheet(), date(worked_as_of), rules_argument::of_text(rules))) ==
          doctest::Approx((40000.0 + 20000.0) / worked_target).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: as_of moves the answer") {
    // As of 2026-11-20: the first Discovery deal has just moved; the 25,000
    // Proposal deal had only its 2026-11-02 date (14 business days, limit 5);
    // the 60,000 Proposal deal was 4 business days old and still real; the last
    // Discovery deals had not moved yet.
    CHECK(number_of(coverage(worked_sheet(), date("2026-11-20"))) ==
          doctest::Approx((40000.0 + 0.5 * 60000.0) / worked_target).epsilon(1e-12));
    // Omitted as_of is today.
    CHECK(number_of(coverage(worked_sheet(), blank(), worked_rules(), context_on(worked_as_of))) ==
          doctest::Approx(worked_real_coverage()).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: ISO texts are dates everywhere") {
    worked_sheet sheet;
    for (std::size_t i = 0; i < sheet.deals(); ++i) {
        const auto& deal = worked_deals()[i];
        sheet.advance_dates[2 * i] = text(deal.first_advance);
        if (!deal.second_advance.empty()) sheet.advance_dates[2 * i + 1] = text(deal.second_advance);
        sheet.close_dates[i] = text(deal.close);
    }
    CHECK(number_of(coverage(sheet, text(worked_as_of))) ==
          doctest::Approx(worked_real_coverage()).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: rows whose cells are all empty are skipped") {
    const worked_sheet worked;
    worked_sheet sheet;
    sheet.amounts.clear();
    sheet.stages.clear();
    sheet.advance_dates.clear();
    sheet.close_dates.clear();
    auto add_empty_row = [&] {
        sheet.amounts.push_back(blank());
        sheet.stages.push_back(blank());
        sheet.advance_dates.insert(sheet.advance_dates.end(), {blank(), blank()});
        sheet.close_dates.push_back(blank());
    };
    add_empty_row();
    for (std::size_t i = 0; i < worked.deals(); ++i) {
        sheet.amounts.push_back(worked.amounts[i]);
        sheet.stages.push_back(worked.stages[i]);
        sheet.advance_dates.insert(sheet.advance_dates.end(),
                                   {worked.advance_dates[2 * i], worked.advance_dates[2 * i + 1]});
        sheet.close_dates.push_back(worked.close_dates[i]);
        if (i % 2 == 0) add_empty_row();
    }
    for (int i = 0; i < 100; ++i) add_empty_row();
    CHECK(number_of(coverage(sheet)) == doctest::Approx(worked_real_coverage()).epsilon(1e-12));

    // Nothing but empty rows: no real pipeline.
    sheet.amounts.assign(3, blank());
    sheet.stages.assign(3, blank());
    sheet.advance_dates.assign(6, blank());
    sheet.close_dates.assign(3, blank());
    CHECK(number_of(coverage(sheet)) == 0.0);
}

TEST_CASE("formulas_coverage: weights, closed and not-counted deals") {
    const auto rules = rules_argument::of_text(
        "stage \"Early\" not-counted\n"
        "stage \"Late\" weight 0.25\n"
        "stage \"Won\" closed\n"
        "stage \"Mid\"\n");
    const std::vector<cell> amounts = {number(1000), number(2000), number(4000), number(8000), number(0)};
    const std::vector<cell> stages = {text("Early"), text("late"), text("Won"), text("Mid"), text("Mid")};
    const std::vector<cell> advance = {date("2026-11-25"), date("2026-11-25"), date("2026-11-25"),
                                       date("2026-11-25"), date("2026-11-25")};
    const std::vector<cell> close = {date("2026-12-31"), date("2026-12-31"), date("2026-12-31"),
                                     date("2026-12-31"), date("2026-12-31")};
    CHECK(number_of(real_coverage(context_on("2026-01-01"), column(amounts), column(stages), column(advance),
                                  column(close), number(10000), date(worked_as_of), rules)) ==
          doctest::Approx((2000 * 0.25 + 8000 * 1.0 + 0.0) / 10000).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: closed and not-counted deals need no valid dates") {
    const std::vector<cell> amounts = {number(30000), number(80000), number(40000)};
    const std::vector<cell> stages = {text("Closed Won"), text("Prospecting"), text("Discovery")};
    const std::vector<cell> advance = {text("long ago"), blank(), date("2026-11-20")};
    const std::vector<cell> close = {blank(), text("some day"), date("2026-12-31")};
    CHECK(
        number_of(real_coverage(context_on("2026-01-01"), column(amounts), column(stages), column(advance),
                                column(close), number(worked_target), date(worked_as_of), worked_rules())) ==
        doctest::Approx(40000.0 / worked_target).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: an open deal without any advance on or before as_of is not real") {
    const std::vector<cell> amounts = {number(40000), number(10000)};
    const std::vector<cell> stages = {text("Discovery"), text("Discovery")};
    const std::vector<cell> advance = {date("2026-11-20"), blank(), blank(), date("2026-12-01")};
    const std::vector<cell> close = {date("2026-12-31"), date("2026-12-31")};
    CHECK(number_of(real_coverage(context_on("2026-01-01"), column(amounts), column(stages),
                                  block(advance, 2, 2), column(close), number(worked_target),
                                  date(worked_as_of), worked_rules())) ==
          doctest::Approx(40000.0 / worked_target).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: without stage lines every stage is open, counted, weight 1, default limit") {
    const auto rules = rules_argument::of_text("stall-limit 10 days");
    const std::vector<cell> amounts = {number(100), number(200), number(400)};
    const std::vector<cell> stages = {text("Closed Won"), text("whatever"), text("Prospecting")};
    // Stall days 10, 11 and 0 as of 2026-11-30 (calendar days).
    const std::vector<cell> advance = {date("2026-11-20"), date("2026-11-19"), date("2026-11-30")};
    const std::vector<cell> close = {date("2026-12-31"), date("2026-12-31"), date("2026-11-30")};
    CHECK(number_of(real_coverage(context_on("2026-01-01"), column(amounts), column(stages), column(advance),
                                  column(close), number(1000), date(worked_as_of), rules)) ==
          doctest::Approx((100.0 + 400.0) / 1000).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: a row-vector layout gives the same answer") {
    const worked_sheet sheet;
    // Deals along a row; the two advance dates of a deal one above the other.
    std::vector<cell> advance_rows(2 * sheet.deals());
    for (std::size_t i = 0; i < sheet.deals(); ++i) {
        advance_rows[i] = sheet.advance_dates[2 * i];
        advance_rows[sheet.deals() + i] = sheet.advance_dates[2 * i + 1];
    }
    CHECK(number_of(real_coverage(context_on("2026-01-01"), row_of(sheet.amounts), row_of(sheet.stages),
                                  block(advance_rows, 2, sheet.deals()), row_of(sheet.close_dates),
                                  number(worked_target), date(worked_as_of), worked_rules())) ==
          doctest::Approx(worked_real_coverage()).epsilon(1e-12));
    // A single advance-date row.
    std::vector<cell> latest(sheet.deals());
    for (std::size_t i = 0; i < sheet.deals(); ++i) latest[i] = sheet.advance_dates[2 * i];
    latest[1] = sheet.advance_dates[3];
    CHECK(number_of(real_coverage(context_on("2026-01-01"), row_of(sheet.amounts), row_of(sheet.stages),
                                  row_of(latest), row_of(sheet.close_dates), number(worked_target),
                                  date(worked_as_of), worked_rules())) ==
          doctest::Approx(worked_real_coverage()).epsilon(1e-12));

    worked_sheet typo;
    typo.stages[1] = text("Propsal");
    CHECK(text_of(real_coverage(context_on("2026-01-01"), row_of(typo.amounts), row_of(typo.stages),
                                block(advance_rows, 2, sheet.deals()), row_of(typo.close_dates),
                                number(worked_target), date(worked_as_of), worked_rules())) ==
          "#truepipe: row 2: unknown stage \"Propsal\" " + known_stages);
}

TEST_CASE("formulas_coverage: errors on a row name the row") {
    const one_deal good = {{number(40000)}, {text("Discovery")}, {date("2026-11-20")}, {date("2026-12-31")}};
    REQUIRE(one_deal_error({{text("x")}, good.stage, good.advance_dates, good.close_date}) ==
            "#truepipe: row 1: amount \"x\" is not a number");

    one_deal deal = good;
    deal.amount = {blank()};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: amount is empty");
    deal.amount = {number(-5000)};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: amount -5000 is negative");
    deal.amount = {text("40k")};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: amount \"40k\" is not a number");

    deal = good;
    deal.stage = {blank()};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: stage is empty");
    deal.stage = {number(2)};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: stage 2 is a number, not a stage name");
    deal.stage = {text("Propsal")};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: unknown stage \"Propsal\" " + known_stages);

    deal = good;
    deal.close_date = {blank()};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: close date is empty");
    deal.close_date = {text("end of Q4")};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: close date \"end of Q4\" is not a date");

    deal = good;
    deal.advance_dates = {date("2026-11-20"), text("last week")};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: advance date \"last week\" is not a date");
}

TEST_CASE("formulas_coverage: one deal's advance dates may stand in a column") {
    const std::vector<cell> amount = {number(25000)};
    const std::vector<cell> stage = {text("Proposal")};
    const std::vector<cell> advance = {date("2026-11-02"), blank(), date("2026-11-23")};
    const std::vector<cell> close = {date("2027-01-15")};
    CHECK(
        number_of(real_coverage(context_on("2026-01-01"), column(amount), column(stage), column(advance),
                                column(close), number(worked_target), date(worked_as_of), worked_rules())) ==
        doctest::Approx(0.5 * 25000 / worked_target).epsilon(1e-12));
}

TEST_CASE("formulas_coverage: a bad amount is an error even on a closed deal") {
    const one_deal deal = {{number(-1)}, {text("Closed Won")}, {blank()}, {blank()}};
    CHECK(one_deal_error(deal) == "#truepipe: row 1: amount -1 is negative");
}

TEST_CASE("formulas_coverage: the first bad row wins") {
    worked_sheet sheet;
    sheet.stages[6] = text("Propsal");
    sheet.amounts[2] = blank();
    CHECK(text_of(coverage(sheet)) == "#truepipe: row 3: amount is empty");
    sheet.amounts[2] = number(60000);
    CHECK(text_of(coverage(sheet)) == "#truepipe: row 7: unknown stage \"Propsal\" " + known_stages);
}

TEST_CASE("formulas_coverage: ranges of different lengths") {
    const worked_sheet sheet;
    const call_context context = context_on("2026-01-01");
    const range_view amounts = column(sheet.amounts);
    const range_view stages = column(sheet.stages);
    const range_view close = column(sheet.close_dates);
    const range_view advance = sheet.advance_view();
    auto error = [&](const range_view& a, const range_view& s, const range_view& d, const range_view& c) {
        return text_of(
            real_coverage(context, a, s, d, c, number(worked_target), date(worked_as_of), worked_rules()));
    };
    const range_view short_stages{std::span(sheet.stages).first(6), 6, 1};
    CHECK(error(amounts, short_stages, advance, close) == "#truepipe: stages has 6 rows but amounts has 7");
    const range_view short_close{std::span(sheet.close_dates).first(5), 5, 1};
    CHECK(error(amounts, stages, advance, short_close) ==
          "#truepipe: close_dates has 5 rows but amounts has 7");
    const range_view short_advance{std::span(sheet.advance_dates).first(12), 6, 2};
    CHECK(error(amounts, stages, short_advance, close) ==
          "#truepipe: advance_dates has 6 rows but amounts has 7");
    const range_view wide_amounts{std::span(sheet.advance_dates), 7, 2};
    CHECK(error(wide_amounts, stages, advance, close) ==
          "#truepipe: amounts must be a single column or row, not 7 rows by 2 columns");
    const range_view wide_stages{std::span(sheet.advance_dates).first(14), 7, 2};
    CHECK(error(amounts, wide_stages, advance, close) ==
          "#truepipe: stages must be a single column or row, not 7 rows by 2 columns");

    // Deals along a row: lengths are counted in columns.
    const range_view row_amounts = row_of(sheet.amounts);
    const range_view short_row_stages{std::span(sheet.stages).first(6), 1, 6};
    CHECK(error(row_amounts, short_row_stages, row_of(sheet.close_dates), row_of(sheet.close_dates)) ==
          "#truepipe: stages has 6 columns but amounts has 7");
    CHECK(error(row_amounts, short_stages, row_of(sheet.close_dates), row_of(sheet.close_dates)) ==
          "#truepipe: stages has 6 rows but amounts has 7 columns");
    const range_view narrow_advance{std::span(sheet.advance_dates).first(12), 2, 6};
    CHECK(error(row_amounts, row_of(sheet.stages), narrow_advance, row_of(sheet.close_dates)) ==
          "#truepipe: advance_dates has 6 columns but amounts has 7");
}

TEST_CASE("formulas_coverage: the target must be a number greater than 0") {
    const worked_sheet sheet;
    for (const cell& target : {number(0), number(-100000), text("100000"), blank()}) {
        CHECK(text_of(real_coverage(context_on("2026-01-01"), column(sheet.amounts), column(sheet.stages),
                                    sheet.advance_view(), column(sheet.close_dates), target,
                                    date(worked_as_of), worked_rules())) ==
              "#truepipe: target must be a number greater than 0");
    }
}

TEST_CASE("formulas_coverage: amounts or a target too extreme for a finite coverage are an error") {
    const std::vector<cell> amounts{number(1e308), number(1e308)};
    const std::vector<cell> stages{text("Proposal"), text("Discovery")};
    const std::vector<cell> advance_dates{date("2026-11-27"), date("2026-11-27")};
    const std::vector<cell> close_dates{date("2026-12-31"), date("2026-12-31")};
    const auto rules = rules_argument::of_text("stall-limit 30 days\n");
    CHECK(text_of(real_coverage(context_on("2026-01-01"), column(amounts), column(stages),
                                column(advance_dates), column(close_dates), number(1), date(worked_as_of),
                                rules)) == "#truepipe: the real pipeline adds up to too large a number");
    const std::vector<cell> one{number(1e10)};
    CHECK(text_of(real_coverage(context_on("2026-01-01"), column(one), column({text("Proposal")}),
                                column({date("2026-11-27")}), column({date("2026-12-31")}), number(5e-324),
                                date(worked_as_of), rules)) ==
          "#truepipe: real pipeline 10000000000 over target 5e-324 is too large a number");
}

TEST_CASE("formulas_coverage: a bad as_of and rules that do not load") {
    const worked_sheet sheet;
    CHECK(text_of(coverage(sheet, text("Q4"))) == "#truepipe: as_of \"Q4\" is not a date");
    const auto broken = rules_argument::of_text("stage \"A\" stall-limit 0 days\n");
    const auto loaded = load_rules(broken);
    REQUIRE_FALSE(loaded->ok());
    REQUIRE(loaded->error_text().starts_with("#truepipe: rules line 1, column "));
    CHECK(text_of(coverage(sheet, date(worked_as_of), broken)) == loaded->error_text());
}

TEST_CASE("formulas_coverage: a long column counts the deals STALL_DAYS and STALL_LIMIT call real") {
    // A call may remember the stage texts and advance dates it has seen; whatever
    // it remembers, each of many deals must count as its own stall days, stall
    // limit and close date say. "Pilot 1a" and "Pilot 2a" have the same length and
    // the same first and last bytes.
    const auto rules = rules_argument::of_text(
        "calendar business-days\n"
        "holiday 2025-12-25\n"
        "holiday 2026-07-03\n"
        "holiday 2026-11-26\n"
        "stage \"Prospecting\" not-counted\n"
        "stage \"Pilot 1a\" stall-limit 40 days weight 0.5\n"
        "stage \"Pilot 2a\" stall-limit 1000 days weight 0.25\n"
        "stage \"Discovery\" stall-limit 150 days\n"
        "stage \"Closed Won\" closed\n");
    struct stage_case {
        std::string_view text;
        bool open;
        double weight;
    };
    const std::vector<stage_case> cases = {{"Pilot 1a", true, 0.5},    {"Pilot 2a", true, 0.25},
                                           {" pilot 2A ", true, 0.25}, {"Discovery", true, 1.0},
                                           {"DISCOVERY", true, 1.0},   {"Prospecting", false, 0.0},
                                           {"Closed Won", false, 0.0}};
    const date_system dates;
    const day_number as_of = day(worked_as_of);
    const call_context context = context_on("2026-01-01");
    std::vector<cell> amounts, stages, advance_dates, close_dates;
    double real_pipeline = 0.0;
    std::size_t real = 0;
    for (int i = 0; i < 1000; ++i) {
        const stage_case& stage = cases[std::size_t(i) % cases.size()];
        amounts.push_back(number(1000 + i));
        stages.push_back(text(stage.text));
        // Four years of advance dates, each revisited in a scrambled order.
        advance_dates.push_back(number(dates.to_serial(as_of - i * 37 % 1500)));
        close_dates.push_back(number(dates.to_serial(as_of + i % 50 - 10)));
        if (!stage.open || i % 50 < 10) continue;
        const double days =
            number_of(stall_days(context, column({advance_dates.back()}), date(worked_as_of), rules));
        if (days > number_of(stall_limit(stages.back(), rules))) continue;
        real_pipeline += (1000 + i) * stage.weight;
        ++real;
    }
    // Real deals far back and recent, and deals of every kind that are not.
    CHECK(real > 100);
    CHECK(real < 500);
    CHECK(number_of(real_coverage(context, column(amounts), column(stages), column(advance_dates),
                                  column(close_dates), number(1e6), date(worked_as_of), rules)) ==
          doctest::Approx(real_pipeline / 1e6).epsilon(1e-12));
}

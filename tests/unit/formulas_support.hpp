#pragma once
// Small helpers for the formulas tests: cells typed as a user would, and the README's
// worked example.

#include <truepipe/formulas.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe::testing {

inline cell text(std::string_view value) { return cell::of_text(value); }
inline cell number(double value) { return cell::of_number(value); }
inline cell blank() { return cell::empty_cell(); }

inline day_number day(std::string_view iso) {
    const auto parsed = parse_iso_date(iso);
    REQUIRE(parsed.has_value());
    return *parsed;
}

// The serial Calc stores for a date typed into a document with this NullDate.
inline double serial(std::string_view iso, const date_system& dates = date_system()) {
    return dates.to_serial(day(iso));
}
inline cell date(std::string_view iso, const date_system& dates = date_system()) {
    return number(serial(iso, dates));
}

inline range_view column(const std::vector<cell>& cells) { return {cells, cells.size(), 1}; }
inline range_view row_of(const std::vector<cell>& cells) { return {cells, 1, cells.size()}; }
inline range_view block(const std::vector<cell>& cells, std::size_t rows, std::size_t columns) {
    REQUIRE(cells.size() == rows * columns);
    return {cells, rows, columns};
}

inline double number_of(const formula_result& result) {
    if (const auto* error = std::get_if<std::string>(&result)) {
        FAIL_CHECK("expected a number, got the text: " << *error);
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::get<double>(result);
}

inline std::string text_of(const formula_result& result) {
    if (const auto* value = std::get_if<double>(&result)) {
        FAIL_CHECK("expected a text, got the number: " << *value);
        return {};
    }
    return std::get<std::string>(result);
}

inline call_context context_on(std::string_view today, const date_system& dates = date_system()) {
    return {dates, day(today)};
}

// Tests that omit the rules must not read the default file of whoever runs them.
inline void without_user_rules() { ::setenv("XDG_CONFIG_HOME", "/nonexistent/truepipe-tests", 1); }

// ---- The README's worked example --------------------------------------------

inline constexpr std::string_view worked_rules_text =
    "calendar business-days\n"
    "holiday 2026-11-26\n"
    "stall-limit 30 days\n"
    "stage \"Prospecting\" not-counted\n"
    "stage \"Discovery\"   stall-limit 10 days\n"
    "stage \"Proposal\"    stall-limit 5 days weight 0.5\n"
    "stage \"Closed Won\"  closed\n"
    "advance      \"Second meeting\", \"Pilot agreed\"\n"
    "continuation \"Call back later\", \"Send information\"\n";

inline rules_argument worked_rules() { return rules_argument::of_text(worked_rules_text); }

inline constexpr std::string_view worked_as_of = "2026-11-30";
inline constexpr double worked_target = 100000;

struct worked_deal {
    double amount;
    std::string_view stage;
    std::string_view first_advance;   // "" when the cell is empty
    std::string_view second_advance;  // "" when the cell is empty
    std::string_view close;
    double stall_days;
    std::string_view status;
    double weight;  // the stage's weight in the worked rules
};

inline const std::vector<worked_deal>& worked_deals() {
    static const std::vector<worked_deal> deals = {
        {40000, "Discovery", "2026-11-20", "", "2026-12-31", 5, "real", 1.0},
        {25000, "Proposal", "2026-11-02", "2026-11-23", "2027-01-15", 4, "real", 0.5},
        {60000, "Proposal", "2026-11-16", "", "2026-12-20", 9, "stalled: 9 days in Proposal (limit 5)", 0.5},
        {15000, "Discovery", "2026-11-25", "", "2026-11-27", 2, "past close date 2026-11-27", 1.0},
        {80000, "Prospecting", "2026-11-27", "", "2027-02-01", 1, "not counted: Prospecting", 1.0},
        {30000, "Closed Won", "2026-11-10", "", "2026-11-10", 13, "closed", 1.0},
        {20000, "Discovery", "2026-11-24", "2026-12-03", "2026-12-18", 3, "real", 1.0},
    };
    return deals;
}

inline cell date_or_blank(std::string_view iso, const date_system& dates) {
    return iso.empty() ? blank() : date(iso, dates);
}

// The worked example laid out as a sheet: one deal per row, two advance-date
// columns.
struct worked_sheet {
    std::vector<cell> amounts, stages, advance_dates, close_dates;

    explicit worked_sheet(const date_system& dates = date_system()) {
        for (const auto& deal : worked_deals()) {
            amounts.push_back(number(deal.amount));
            stages.push_back(text(deal.stage));
            advance_dates.push_back(date_or_blank(deal.first_advance, dates));
            advance_dates.push_back(date_or_blank(deal.second_advance, dates));
            close_dates.push_back(date(deal.close, dates));
        }
    }

    std::size_t deals() const { return amounts.size(); }
    range_view advance_view() const { return {advance_dates, deals(), 2}; }
};

// ---- The README's slicing example ------------------------------------------
// The worked example's seven deals, one rep each, and three decided deals more,
// with Closed Won marked won and a Closed Lost stage marked lost.

inline std::string slicing_rules_text() {
    std::string text(worked_rules_text);
    text.replace(text.find("\"Closed Won\"  closed"), 20, "\"Closed Won\"  won\nstage \"Closed Lost\" lost");
    return text;
}

struct slicing_sheet : worked_sheet {
    std::vector<cell> reps;

    explicit slicing_sheet(const date_system& dates = date_system()) : worked_sheet(dates) {
        for (const char* rep : {"Ana", "Ben", "Ana", "Ben", "Ana", "Ana", "Ben"}) reps.push_back(text(rep));
        add(50000, "Closed Won", "Ana", "2026-10-01", "2026-10-20", dates);
        add(10000, "Closed Lost", "Ben", "2026-09-14", "2026-11-02", dates);
        add(40000, "Closed Lost", "Ana", "2026-11-03", "2027-01-08", dates);
    }

    // TRUE (1) for the rows whose rep is `rep`, as a helper column =C2="Ana" gives.
    std::vector<cell> rep_is(std::string_view rep) const {
        std::vector<cell> flags;
        for (const cell& each : reps) flags.push_back(number(each.text == rep ? 1 : 0));
        return flags;
    }

    // TRUE for the rows closing on or before `last`.
    std::vector<cell> closing_by(std::string_view last) const {
        std::vector<cell> flags;
        for (const cell& close : close_dates) flags.push_back(number(close.number <= serial(last) ? 1 : 0));
        return flags;
    }

private:
    void add(double amount, std::string_view stage, const char* rep, std::string_view advance,
             std::string_view close, const date_system& dates) {
        amounts.push_back(number(amount));
        stages.push_back(text(stage));
        reps.push_back(text(rep));
        advance_dates.push_back(date(advance, dates));
        advance_dates.push_back(blank());
        close_dates.push_back(date(close, dates));
    }
};

}  // namespace truepipe::testing

#pragma once
// What DEAL_STATUS may answer, and the promise that ties it to REAL_COVERAGE:
// exactly the deals whose status is `real` are counted, at amount x weight.

#include "fuzz_input.hpp"

#include <truepipe/rules.hpp>

#include <cmath>
#include <cstdlib>
#include <string>

namespace truepipe::fuzz {

// A whole number at the start of text, or -1.
inline long leading_number(std::string_view& text) {
    std::size_t digits = 0;
    while (digits < text.size() && digits < 12 && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) return -1;
    const long value = std::strtol(std::string(text.substr(0, digits)).c_str(), nullptr, 10);
    text.remove_prefix(digits);
    return value;
}

inline bool is_iso_date(std::string_view text) { return parse_iso_date(text).has_value(); }

struct stalled_numbers {
    long days = -1;
    long limit = -1;
};

// `stalled: 45 days in Proposal (limit 14)` read back; -1s when it is not that form.
inline stalled_numbers read_stalled(std::string_view status) {
    if (!starts_with(status, "stalled: ")) return {};
    status.remove_prefix(std::string_view("stalled: ").size());
    const long days = leading_number(status);
    const std::string_view unit = days == 1 ? " day in " : " days in ";
    if (days < 0 || !starts_with(status, unit)) return {};
    const std::size_t open = status.rfind(" (limit ");
    if (open == std::string_view::npos || status.back() != ')') return {};
    std::string_view limit_text = status.substr(open + 8);
    const long limit = leading_number(limit_text);
    if (limit_text != ")") return {};
    return {days, limit};
}

inline bool is_stalled_form(std::string_view status) {
    const stalled_numbers numbers = read_stalled(status);
    return numbers.limit >= 1 && numbers.days > numbers.limit;
}

// The days and limit a status names are what STALL_DAYS and STALL_LIMIT answer,
// and a deal that is real or past its close date is within its limit.
inline void require_status_agrees_with_stall(const call_context& context, const cell& stage,
                                             const range_view& advance_dates, const cell& as_of,
                                             const rules_argument& rules, const std::string& status) {
    const bool stalled = starts_with(status, "stalled: ");
    if (!stalled && status != "real" && !starts_with(status, "past close date ")) return;
    const formula_result days = stall_days(context, advance_dates, as_of, rules);
    const formula_result limit = stall_limit(stage, rules);
    require(std::holds_alternative<double>(days) && std::holds_alternative<double>(limit),
            "a moving deal has stall days and a stall limit",
            status + " / " + describe(days) + " / " + describe(limit));
    const double day_count = std::get<double>(days), limit_days = std::get<double>(limit);
    if (stalled) {
        const stalled_numbers numbers = read_stalled(status);
        require(double(numbers.days) == day_count && double(numbers.limit) == limit_days,
                "DEAL_STATUS names STALL_DAYS and STALL_LIMIT",
                status + " / " + describe(days) + " / " + describe(limit));
    } else {
        require(day_count <= limit_days, "a real deal is within its stall limit",
                status + " / " + describe(days) + " / " + describe(limit));
    }
}

inline void require_status_form(const std::string& status) {
    if (!status.empty() && status.front() == '#') return;
    if (status == "real" || status == "closed") return;
    if (starts_with(status, "not counted: ") && status.size() > 13) return;
    if (starts_with(status, "no advance on or before ") && is_iso_date(std::string_view(status).substr(24)))
        return;
    if (starts_with(status, "past close date ") && is_iso_date(std::string_view(status).substr(16))) return;
    if (starts_with(status, "stalled: ") && is_stalled_form(status)) return;
    fail("DEAL_STATUS answers one of the documented forms", status);
}

// The weight REAL_COVERAGE gives a deal in `stage` under `rules` (1 when the
// rules list no stages).
inline double weight_of(const rules_argument& rules, const cell& stage) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok() || !stage.is_text()) return 1.0;
    const truepipe::rules& model = *loaded->value;
    if (!model.lists_stages()) return 1.0;
    const stage_rule* rule = model.find_stage(stage.text);
    return rule != nullptr ? model.weight_of(*rule) : 1.0;
}

// A table of deals with positive amounts, one per row, and the status of each.
struct deal_table {
    range_view amounts, stages, advance_dates, close_dates;
    cell target, as_of;
    range_view include;  // a flag mask like amounts, or empty: every deal in scope
};

// REAL_COVERAGE over the table equals the sum of amount x weight over the deals
// in scope that DEAL_STATUS calls real, divided by the target; an error in the
// status of any deal in scope is an error of the whole.
inline void require_coverage_matches_statuses(const call_context& context, const deal_table& table,
                                              const rules_argument& rules) {
    const formula_result coverage =
        real_coverage(context, table.amounts, table.stages, table.advance_dates, table.close_dates,
                      table.target, table.as_of, rules, table.include);
    require_number_or_error(coverage, "REAL_COVERAGE");

    const std::size_t deals = table.amounts.rows;
    const std::size_t per_deal =
        table.advance_dates.rows == deals ? table.advance_dates.columns : table.advance_dates.rows;
    bool any_error = false;
    bool any_real = false;
    double real_pipeline = 0.0;
    for (std::size_t i = 0; i < deals; ++i) {
        const range_view dates =
            table.advance_dates.rows == deals
                ? range_view{table.advance_dates.cells.subspan(i * per_deal, per_deal), 1, per_deal}
                : table.advance_dates;
        const std::string status = deal_status(context, table.stages.cells[i], dates,
                                               table.close_dates.cells[i], table.as_of, rules);
        require_status_form(status);
        require_status_agrees_with_stall(context, table.stages.cells[i], dates, table.as_of, rules, status);
        if (!in_scope(table.include, i)) continue;
        if (status.front() == '#') any_error = true;
        if (status != "real") continue;
        any_real = true;
        real_pipeline += table.amounts.cells[i].number * weight_of(rules, table.stages.cells[i]);
    }

    if (any_error) {
        require(std::holds_alternative<std::string>(coverage),
                "a deal whose status is an error fails REAL_COVERAGE", describe(coverage));
        return;
    }
    const double expected = real_pipeline / table.target.number;
    if (!std::isfinite(expected)) return;  // then an error text is the right answer
    require(std::holds_alternative<double>(coverage), "REAL_COVERAGE answers when every status does",
            describe(coverage));
    const double value = std::get<double>(coverage);
    require((value > 0.0) == (expected > 0.0), "REAL_COVERAGE > 0 exactly when a deal is real and weighs",
            describe(coverage));
    require(std::fabs(value - expected) <= 1e-12 * expected, "REAL_COVERAGE is the sum over real deals",
            describe(coverage) + (any_real ? " (some real)" : " (none real)"));
}

// A positive, finite amount or target: any double the input picks, made usable.
inline double read_positive(input& in) {
    double value = in.flag() ? number_dictionary[in.below(number_dictionary.size())] : in.raw_double();
    value = std::fabs(value);
    return std::isfinite(value) && value > 0.0 ? value : 25000.0;
}

// 1..max_deals deals in a column; advance dates as a block, one row per deal, or
// for a single deal sometimes a column of dates.
inline deal_table read_deal_table(input& in, arena& store, std::size_t max_deals) {
    const std::size_t deals = 1 + in.below(max_deals);
    deal_table table;
    auto& amounts = store.block(deals);
    for (auto& amount : amounts) amount = cell::of_number(read_positive(in));
    table.amounts = {amounts, deals, 1};
    table.stages = read_column(in, store, deals);
    const std::size_t per_deal = in.below(4);
    if (deals == 1 && in.flag()) {
        table.advance_dates = read_column(in, store, per_deal);
    } else {
        auto& dates = store.block(deals * per_deal);
        for (auto& date : dates) date = read_cell(in, store);
        table.advance_dates = {dates, deals, per_deal};
    }
    table.close_dates = read_column(in, store, deals);
    table.target = cell::of_number(read_positive(in));
    table.as_of = read_cell(in, store);
    return table;
}

}  // namespace truepipe::fuzz

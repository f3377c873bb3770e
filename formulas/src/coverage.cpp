// REAL_COVERAGE and DEAL_STATUS. Both judge a deal with evaluate_deal, so that
// exactly the deals whose status is `real` are the ones counted.

#include "arguments.hpp"
#include "judging.hpp"
#include "stages.hpp"

#include <truepipe/formulas.hpp>

#include <cmath>

namespace truepipe {

using namespace detail;

namespace {

// ---- One deal --------------------------------------------------------------

struct deal_cells {
    const cell& stage;
    cell_run advance_dates;
    const cell& close_date;
};

// Closed and not-counted deals are decided by their stage alone, so their dates
// may be anything: a won deal's sheet row often has no close date left to fill.
checked<deal_verdict> evaluate_deal(judging& day, const deal_cells& deal) {
    const auto found = day.stages.find(deal.stage);
    if (const auto* wrong = std::get_if<diagnostic>(&found)) return *wrong;
    const stage_info& stage = std::get<stage_info>(found);
    if (decided_by_stage(stage)) return judge_deal(day, stage, std::nullopt, 0);

    const latest_date advanced = latest_on_or_before(day.dates, deal.advance_dates, day.as_of);
    if (advanced.bad)
        return argument_error("advance date {}", date_problem(day.dates, deal.advance_dates[*advanced.bad]));
    const date_cell close = read_date(day.dates, deal.close_date);
    if (close.what == date_cell::state::empty) return argument_error("close date is empty");
    if (close.what != date_cell::state::date)
        return argument_error("close date {}", date_problem(day.dates, deal.close_date));
    return judge_deal(day, stage, advanced.latest, close.day);
}

// ---- The ranges of REAL_COVERAGE ---------------------------------------------

// Where each deal's cells are: deal i is position i of every vector, and row i of
// advance_dates (or column i when the deals run along a row).
struct deal_layout {
    std::size_t deals = 0;
    bool advance_dates_by_column = false;

    cell_run advance_run(const range_view& advance_dates, std::size_t deal) const {
        if (advance_dates_by_column)
            return {advance_dates.cells.data() + deal, advance_dates.rows, advance_dates.columns};
        return {advance_dates.cells.data() + deal * advance_dates.columns, advance_dates.columns, 1};
    }
};

checked<deal_layout> layout_of(const range_view& amounts, const range_view& stages,
                               const range_view& advance_dates, const range_view& close_dates) {
    if (!is_vector(amounts)) return not_a_vector("amounts", amounts);
    if (auto wrong = check_same_length("stages", stages, "amounts", amounts)) return *std::move(wrong);
    if (auto wrong = check_same_length("close_dates", close_dates, "amounts", amounts))
        return *std::move(wrong);

    const std::size_t deals = cell_count(amounts);
    if (cell_count(advance_dates) != advance_dates.rows * advance_dates.columns)
        return argument_error("advance_dates is not a complete range");
    if (is_row_vector(amounts)) {
        if (advance_dates.columns == deals) return deal_layout{deals, true};
        if (advance_dates.rows == deals) return deal_layout{deals, false};
        return argument_error("advance_dates has {} {} but amounts has {}", advance_dates.columns,
                              advance_dates.columns == 1 ? "column" : "columns", deals);
    }
    if (advance_dates.rows == deals) return deal_layout{deals, false};
    // One deal's dates may as well be typed one above the other.
    if (deals == 1 && advance_dates.columns == 1) return deal_layout{deals, true};
    return argument_error("advance_dates has {} {} but amounts has {}", advance_dates.rows,
                          advance_dates.rows == 1 ? "row" : "rows", deals);
}

bool is_blank(const cell& amount, const deal_cells& deal) {
    if (!amount.is_empty() || !deal.stage.is_empty() || !deal.close_date.is_empty()) return false;
    for (std::size_t i = 0; i < deal.advance_dates.count; ++i)
        if (!deal.advance_dates[i].is_empty()) return false;
    return true;
}

checked<double> read_target(const cell& target) {
    if (target.is_number() && std::isfinite(target.number) && target.number > 0.0) return target.number;
    return argument_error("target must be a number greater than 0");
}

checked<double> coverage_of(const call_context& context, const range_view& amounts, const range_view& stages,
                            const range_view& advance_dates, const range_view& close_dates,
                            const range_view& target, const range_view& as_of, const rules_argument& rules,
                            const range_view& include) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const auto day = resolve_as_of(context, as_of);
    if (const auto* error = std::get_if<diagnostic>(&day)) return *error;
    const auto target_value = one_value("target", target);
    if (const auto* error = std::get_if<diagnostic>(&target_value)) return *error;
    const auto quota = read_target(std::get<cell>(target_value));
    if (const auto* error = std::get_if<diagnostic>(&quota)) return *error;
    const auto layout = layout_of(amounts, stages, advance_dates, close_dates);
    if (const auto* error = std::get_if<diagnostic>(&layout)) return *error;
    const auto in_scope = row_scope::of(include, amounts, "amounts");
    if (const auto* error = std::get_if<diagnostic>(&in_scope)) return *error;
    const row_scope& scope = std::get<row_scope>(in_scope);

    judging judge(*loaded->value, context.dates, std::get<day_number>(day));
    const deal_layout& deals = std::get<deal_layout>(layout);
    double real_pipeline = 0.0;
    for (std::size_t i = 0; i < deals.deals; ++i) {
        if (const auto verdict = scope.row(i); verdict != row_scope::verdict::in) {
            if (verdict == row_scope::verdict::out) continue;
            return scope.not_a_flag(i);
        }
        const cell& amount = amounts.cells[i];
        const deal_cells deal{stages.cells[i], deals.advance_run(advance_dates, i), close_dates.cells[i]};
        if (is_blank(amount, deal)) continue;

        const auto value = read_amount(amount);
        if (const auto* wrong = std::get_if<diagnostic>(&value)) return at_cell(*wrong, amounts, i);
        const auto verdict = evaluate_deal(judge, deal);
        if (const auto* wrong = std::get_if<diagnostic>(&verdict)) return at_cell(*wrong, amounts, i);
        const deal_verdict& judged = std::get<deal_verdict>(verdict);
        if (judged.state == deal_state::real)
            real_pipeline += std::get<double>(value) * weight_of(judge.model, judged.stage);
    }
    // Amounts near the largest double add up to infinity, and a tiny target
    // divides a real pipeline into it: a cell must show why, not "inf".
    if (!std::isfinite(real_pipeline))
        return argument_error("the real pipeline adds up to too large a number");
    const double coverage = real_pipeline / std::get<double>(quota);
    if (!std::isfinite(coverage))
        return argument_error("real pipeline {} over target {} is too large a number",
                              number_text(real_pipeline), number_text(std::get<double>(quota)));
    return coverage;
}

}  // namespace

formula_result real_coverage(const call_context& context, const range_view& amounts, const range_view& stages,
                             const range_view& advance_dates, const range_view& close_dates,
                             const range_view& target, const range_view& as_of, const rules_argument& rules,
                             const range_view& include) {
    return result_of(
        coverage_of(context, amounts, stages, advance_dates, close_dates, target, as_of, rules, include));
}

formula_result real_coverage(const call_context& context, const range_view& amounts, const range_view& stages,
                             const range_view& advance_dates, const range_view& close_dates,
                             const cell& target, const cell& as_of, const rules_argument& rules,
                             const range_view& include) {
    return real_coverage(context, amounts, stages, advance_dates, close_dates, range_view::single(target),
                         range_view::single(as_of), rules, include);
}

std::string deal_status(const call_context& context, const range_view& stage, const range_view& advance_dates,
                        const range_view& close_date, const range_view& as_of, const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return text_of(rules_failure(*loaded, rules));
    const auto day = resolve_as_of(context, as_of);
    if (const auto* error = std::get_if<diagnostic>(&day)) return text_of(*error);
    const auto stage_value = one_text_value("stage", stage);
    if (const auto* error = std::get_if<diagnostic>(&stage_value)) return text_of(*error);
    const auto close_value = one_value("close_date", close_date);
    if (const auto* error = std::get_if<diagnostic>(&close_value)) return text_of(*error);

    judging judge(*loaded->value, context.dates, std::get<day_number>(day));
    const auto verdict = evaluate_deal(
        judge, {std::get<cell>(stage_value), cell_run::all_of(advance_dates), std::get<cell>(close_value)});
    if (const auto* wrong = std::get_if<diagnostic>(&verdict)) return text_of(*wrong);
    return describe(std::get<deal_verdict>(verdict), judge.as_of);
}

std::string deal_status(const call_context& context, const cell& stage, const range_view& advance_dates,
                        const cell& close_date, const cell& as_of, const rules_argument& rules) {
    return deal_status(context, range_view::single(stage), advance_dates, range_view::single(close_date),
                       range_view::single(as_of), rules);
}

}  // namespace truepipe

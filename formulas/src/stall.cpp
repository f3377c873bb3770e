// STALL_DAYS and STALL_LIMIT: how long a deal has not moved, and how long it may.

#include "arguments.hpp"
#include "stages.hpp"

#include <truepipe/formulas.hpp>

namespace truepipe {

using namespace detail;

namespace {

checked<double> days_stalled(const call_context& context, const range_view& advance_dates,
                             const range_view& as_of, const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const auto day = resolve_as_of(context, as_of);
    if (const auto* error = std::get_if<diagnostic>(&day)) return *error;
    const day_number asked = std::get<day_number>(day);

    const latest_date found = latest_on_or_before(context.dates, cell_run::all_of(advance_dates), asked);
    if (found.bad) {
        return at_cell(argument_error("{}", date_problem(context.dates, advance_dates.cells[*found.bad])),
                       advance_dates, *found.bad);
    }
    if (!found.latest) return argument_error("no advance date on or before {}", iso_date(asked));
    return static_cast<double>(loaded->value->days.days_after(*found.latest, asked));
}

checked<double> limit_of(const range_view& stage, const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const auto name = one_text_value("stage", stage);
    if (const auto* error = std::get_if<diagnostic>(&name)) return *error;
    const class rules& model = *loaded->value;
    stage_finder stages(model);
    const auto found = stages.find(std::get<cell>(name));
    if (const auto* wrong = std::get_if<diagnostic>(&found)) return *wrong;
    const stage_info& info = std::get<stage_info>(found);
    if (info.closed())
        return argument_error("{} is a closed stage and has no stall limit", quoted(info.name));
    return static_cast<double>(stall_limit_of(model, info));
}

}  // namespace

formula_result stall_days(const call_context& context, const range_view& advance_dates,
                          const range_view& as_of, const rules_argument& rules) {
    return result_of(days_stalled(context, advance_dates, as_of, rules));
}

formula_result stall_days(const call_context& context, const range_view& advance_dates, const cell& as_of,
                          const rules_argument& rules) {
    return stall_days(context, advance_dates, range_view::single(as_of), rules);
}

formula_result stall_limit(const range_view& stage, const rules_argument& rules) {
    return result_of(limit_of(stage, rules));
}

formula_result stall_limit(const cell& stage, const rules_argument& rules) {
    return stall_limit(range_view::single(stage), rules);
}

}  // namespace truepipe

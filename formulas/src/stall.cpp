// STALL_DAYS and STALL_LIMIT: how long a deal has not moved, and how long it may.

#include "arguments.hpp"
#include "stages.hpp"

#include <truepipe/formulas.hpp>

namespace truepipe {

using namespace detail;

formula_result stall_days(const call_context& context, const range_view& advance_dates, const cell& as_of,
                          const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const auto day = resolve_as_of(context, as_of);
    if (const auto* error = std::get_if<std::string>(&day)) return *error;
    const day_number asked = std::get<day_number>(day);

    const latest_date found = latest_on_or_before(context.dates, cell_run::all_of(advance_dates), asked);
    if (found.bad) {
        return error_text("{}: {} is not a date", position_of(advance_dates, *found.bad),
                          cell_text(advance_dates.cells[*found.bad]));
    }
    if (!found.latest) return error_text("no advance date on or before {}", iso_date(asked));
    return static_cast<double>(loaded->value->days.days_after(*found.latest, asked));
}

formula_result stall_limit(const cell& stage, const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const class rules& model = *loaded->value;
    stage_finder stages(model);
    const auto found = stages.find(stage);
    if (const auto* wrong = std::get_if<problem>(&found)) return error_text("{}", wrong->what);
    const stage_info& info = std::get<stage_info>(found);
    if (info.closed()) return error_text("\"{}\" is a closed stage and has no stall limit", info.name);
    if (info.rule == nullptr) return static_cast<double>(model.default_stall_limit);
    return static_cast<double>(model.stall_limit_of(*info.rule));
}

}  // namespace truepipe

// Fuzzes REAL_COVERAGE: over ranges of any shape it answers a finite number >= 0
// or an error; over a table of deals it is the sum of the deals in scope (all,
// or those an include mask keeps) that DEAL_STATUS calls `real`, at amount x
// weight, divided by the target.

#include "deals.hpp"

using namespace truepipe;

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const call_context context = fuzz::read_context(in);
    const rules_argument rules = fuzz::read_rules(in, store);
    if (in.flag()) {
        const range_view amounts = fuzz::read_range(in, store);
        const range_view stages = fuzz::read_range(in, store);
        const range_view advance_dates = fuzz::read_range(in, store);
        const range_view close_dates = fuzz::read_range(in, store);
        const cell target = fuzz::read_cell(in, store);
        const cell as_of = fuzz::read_cell(in, store);
        const range_view include = fuzz::read_include(in, store, amounts);
        const formula_result result = real_coverage(context, amounts, stages, advance_dates, close_dates,
                                                    target, as_of, rules, include);
        fuzz::require_number_or_error(result, "REAL_COVERAGE");
        if (const auto* coverage = std::get_if<double>(&result))
            fuzz::require(*coverage >= 0.0, "REAL_COVERAGE >= 0", fuzz::describe(result));
        return;
    }
    fuzz::deal_table table = fuzz::read_deal_table(in, store, 8);
    const range_view include = fuzz::read_include(in, store, table.amounts);
    if (fuzz::is_flag_mask(include, table.amounts)) {
        table.include = include;
    } else if (!include.empty()) {
        const formula_result result =
            real_coverage(context, table.amounts, table.stages, table.advance_dates, table.close_dates,
                          table.target, table.as_of, rules, include);
        fuzz::require_number_or_error(result, "REAL_COVERAGE");
    }
    fuzz::require_coverage_matches_statuses(context, table, rules);
}

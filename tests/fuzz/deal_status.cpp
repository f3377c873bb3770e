// Fuzzes DEAL_STATUS over random deals: it answers one of the documented forms or
// an error, and for a single deal REAL_COVERAGE counts it exactly when it is `real`.

#include "deals.hpp"

using namespace truepipe;

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const call_context context = fuzz::read_context(in);
    const rules_argument rules = fuzz::read_rules(in, store);
    if (in.flag()) {
        const cell stage = fuzz::read_cell(in, store);
        const range_view dates = fuzz::read_range(in, store);
        const cell close_date = fuzz::read_cell(in, store);
        const cell as_of = fuzz::read_cell(in, store);
        const std::string status = deal_status(context, stage, dates, close_date, as_of, rules);
        fuzz::require_status_form(status);
        fuzz::require_status_agrees_with_stall(context, stage, dates, as_of, rules, status);
        return;
    }
    const fuzz::deal_table deal = fuzz::read_deal_table(in, store, 1);
    fuzz::require_coverage_matches_statuses(context, deal, rules);
}

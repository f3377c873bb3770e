// Fuzzes STALL_DAYS over random advance dates, as-of dates, NullDates and rules.

#include "fuzz_input.hpp"

#include <cmath>

using namespace truepipe;

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const call_context context = fuzz::read_context(in);
    const rules_argument rules = fuzz::read_rules(in, store);
    const cell as_of = fuzz::read_cell(in, store);
    const range_view dates = fuzz::read_range(in, store);

    const formula_result result = stall_days(context, dates, as_of, rules);
    fuzz::require_number_or_error(result, "STALL_DAYS");
    if (const auto* days = std::get_if<double>(&result))
        fuzz::require(*days >= 0.0 && *days == std::floor(*days), "STALL_DAYS is a whole number >= 0",
                      fuzz::describe(result));
}

// Fuzzes STALL_LIMIT over random stage cells and rules.

#include "fuzz_input.hpp"

#include <cmath>

using namespace truepipe;

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const rules_argument rules = fuzz::read_rules(in, store);
    const cell stage = fuzz::read_cell(in, store);

    const formula_result result = stall_limit(stage, rules);
    fuzz::require_number_or_error(result, "STALL_LIMIT");
    if (const auto* limit = std::get_if<double>(&result))
        fuzz::require(*limit >= 1.0 && *limit <= 3650.0 && *limit == std::floor(*limit),
                      "STALL_LIMIT is a whole number of days 1..3650", fuzz::describe(result));
}

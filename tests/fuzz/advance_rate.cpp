// Fuzzes ADVANCE_RATE over random outcome ranges, rules and include masks: with
// a mask it answers what it answers over the rows in scope alone.

#include "fuzz_input.hpp"

using namespace truepipe;

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const rules_argument rules = fuzz::read_rules(in, store);
    const range_view outcomes = fuzz::read_range(in, store);
    const range_view include = fuzz::read_include(in, store, outcomes);

    const formula_result result = advance_rate(outcomes, rules, include);
    fuzz::require_number_or_error(result, "ADVANCE_RATE");
    if (const auto* rate = std::get_if<double>(&result))
        fuzz::require(*rate >= 0.0 && *rate <= 1.0, "ADVANCE_RATE in [0, 1]", fuzz::describe(result));
    if (!include.empty() && fuzz::is_flag_mask(include, outcomes)) {
        fuzz::require_same_as_masked(result, advance_rate(fuzz::masked(outcomes, include, store), rules),
                                     "ADVANCE_RATE");
    }
}

// Fuzzes ADVANCE_RATE over random outcome ranges and rules.

#include "fuzz_input.hpp"

using namespace truepipe;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::isolate_from_user_rules();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    clear_rules_cache();
    fuzz::input in(data, size);
    fuzz::arena store;
    const rules_argument rules = fuzz::read_rules(in, store);
    const range_view outcomes = fuzz::read_range(in, store);

    const formula_result result = advance_rate(outcomes, rules);
    fuzz::require_number_or_error(result, "ADVANCE_RATE");
    if (const auto* rate = std::get_if<double>(&result))
        fuzz::require(*rate >= 0.0 && *rate <= 1.0, "ADVANCE_RATE in [0, 1]", fuzz::describe(result));
    return 0;
}

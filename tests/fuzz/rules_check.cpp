// Fuzzes RULES_CHECK over every kind of rules argument: it answers `OK: ` exactly
// when the rules load, and otherwise says what is wrong.

#include "fuzz_input.hpp"

using namespace truepipe;

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    // Mostly raw bytes, so that the parser sees as much as in its own target.
    const rules_argument rules =
        in.flag() ? fuzz::read_rules(in, store) : rules_argument::of_text(store.keep(in.rest()));

    const std::string answer = rules_check(rules);
    const bool loads = load_rules(rules)->ok();
    fuzz::require(!answer.empty(), "RULES_CHECK answers something");
    fuzz::require(fuzz::starts_with(answer, "OK: ") == loads, "RULES_CHECK says OK exactly when rules load",
                  answer);
}

// RULES_CHECK: whether the rules load, for fixing a rules sheet while looking at it.

#include "arguments.hpp"

#include <truepipe/formulas.hpp>

namespace truepipe {

std::string rules_check(const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (loaded->ok()) return "OK: " + loaded->value->summary();
    // The whole diagnostic: where (the origin: the cell, inline, the file, or the
    // range's row), what was found and expected, then the line and a caret.
    return detail::rules_failure(*loaded, rules).detailed();
}

}  // namespace truepipe

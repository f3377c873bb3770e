// RULES_CHECK: whether the rules load, for fixing a rules sheet while looking at it.

#include "arguments.hpp"

#include <truepipe/formulas.hpp>

namespace truepipe {

namespace {

// The parser reports these origins for text that is not a file.
bool names_a_file(const rules_error& error) {
    return !error.origin.empty() && error.origin != "inline" && error.origin != "cells";
}

}  // namespace

std::string rules_check(const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (loaded->ok()) return "OK: " + loaded->value->summary();
    if (loaded->error) {
        const rules_error& error = *loaded->error;
        // A file's problem is fixed in the file, so say which one.
        if (names_a_file(error)) return fmt::format("{}: {}", error.origin, error.brief());
        return error.brief();
    }
    if (!loaded->problem.empty()) return loaded->problem;
    return "could not load the rules";
}

}  // namespace truepipe

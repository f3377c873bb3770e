#pragma once
// The rules language parser (Boost.Spirit X3 behind this interface).

#include <truepipe/diagnostic.hpp>
#include <truepipe/rules.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace truepipe {

// A rules error is a diagnostic of kind rules_syntax (with a line and column and
// the line itself) or rules_limit (a line or the whole text too long).
using rules_error = diagnostic;

using parse_result = std::variant<rules, rules_error>;

// Never throws. The result's rules are indexed.
parse_result parse_rules(std::string_view text, std::string_view origin = "inline");

}  // namespace truepipe

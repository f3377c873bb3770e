#pragma once
// The rules language parser (Boost.Spirit X3 behind this interface).

#include <truepipe/rules.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace truepipe {

struct rules_error {
    std::string origin;     // "inline", a file path, or a cell range description
    int line = 0;           // 1-based
    int column = 0;         // 1-based, in characters (UTF-8 code points)
    std::string message;    // what was found and what was expected
    std::string line_text;  // the offending line, for the caret display

    // "line 3, column 7: expected ..." : the short form for cells.
    std::string brief() const;
    // The brief form, then the line itself and a caret under the column.
    std::string detailed() const;
};

using parse_result = std::variant<rules, rules_error>;

// Never throws. The result's rules are indexed.
parse_result parse_rules(std::string_view text, std::string_view origin = "inline");

}  // namespace truepipe

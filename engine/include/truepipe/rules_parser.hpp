#pragma once
// The rules language parser (Boost.Spirit X3 behind this interface).

#include <truepipe/rules.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace truepipe {

struct rules_error {
    // What the error is about, which decides how it is shown.
    enum class scope {
        position,  // a spot in a line: shown with the line and a caret
        line,      // a whole line (too long): no caret
        text,      // the whole text (too large): no line either
    };

    // "inline", a file path, or for cells "rules range, row 3" (or "..., row 3,
    // column 2" for ranges wider than one column).
    std::string origin;
    int line = 0;           // 1-based
    int column = 0;         // 1-based, in characters (UTF-8 code points)
    std::string message;    // what was found and what was expected
    std::string line_text;  // the offending line, for the caret display
    scope about = scope::position;
    // For a duplicate, the line of the first definition, which the message names
    // as "on line N"; 0 otherwise.
    int earlier_line = 0;

    // One line: "line 3, column 7 (inline): expected ...". The short form for cells.
    std::string brief() const;
    // The brief form, then the line itself and a caret under the column (tabs are
    // copied so the caret stays aligned; bytes that are not UTF-8 show as U+FFFD).
    std::string detailed() const;
};

using parse_result = std::variant<rules, rules_error>;

// Never throws. The result's rules are indexed.
parse_result parse_rules(std::string_view text, std::string_view origin = "inline");

}  // namespace truepipe

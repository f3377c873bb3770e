// How a rules error reads: one line for a cell, or that line with the offending
// line of the rules and a caret under the column.
#include <truepipe/rules_parser.hpp>

#include "rules_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace truepipe {

namespace {

// Bytes that are not UTF-8 would make the whole message unreadable in Calc;
// each shows as one U+FFFD so the caret still counts code points.
std::string shown_line(std::string_view line) {
    std::string shown;
    shown.reserve(line.size());
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t bad = detail::invalid_utf8_offset(line.substr(i));
        const std::size_t good = bad == std::string_view::npos ? line.size() - i : bad;
        shown.append(line, i, good);
        i += good;
        if (i < line.size()) {
            shown += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return shown;
}

// Blanks up to the column, without the caret. Tabs are copied into the caret
// line so the caret stays under the column.
std::string caret_indent(std::string_view shown, int column) {
    std::string indent;
    int seen = 0;
    for (char c : shown) {
        if (detail::is_continuation_byte(c)) continue;
        if (++seen >= column) break;
        indent += c == '\t' ? '\t' : ' ';
    }
    indent.append(std::size_t(std::max(0, column - 1 - seen)), ' ');
    return indent;
}

}  // namespace

std::string rules_error::brief() const {
    switch (about) {
        case scope::position:
            return fmt::format("line {}, column {} ({}): {}", line, column, origin, message);
        case scope::line:
            return fmt::format("line {} ({}): {}", line, origin, message);
        case scope::text:
            break;
    }
    return fmt::format("{}: {}", origin == "inline" ? "inline rules" : origin, message);
}

std::string rules_error::detailed() const {
    if (about != scope::position) return brief();
    const std::string shown = shown_line(line_text);
    return fmt::format("{}\n{}\n{}^", brief(), shown, caret_indent(shown, column));
}

}  // namespace truepipe

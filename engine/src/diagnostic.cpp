// The one renderer of diagnostics: one line for a cell, or for a rules error
// that line with the offending line of the rules and a caret under the column.
#include <truepipe/diagnostic.hpp>

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

constexpr std::string_view cell_prefix = "#truepipe: ";

bool is_rules_text_error(diagnostic::kind what) {
    return what == diagnostic::kind::rules_syntax || what == diagnostic::kind::rules_limit;
}

std::string place_text(const table_cell& at) {
    return fmt::format("{} row {}, \"{}\"", at.table, at.row, shortened(at.header));
}

std::string position_text(const range_position& at) {
    if (!at.block) return fmt::format("row {}", at.index + 1);
    return fmt::format("row {}, column {}", at.index / at.columns + 1, at.index % at.columns + 1);
}

}  // namespace

std::string shortened(std::string_view value, std::size_t characters) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (detail::is_continuation_byte(value[i])) continue;
        if (seen++ == characters) return std::string(value.substr(0, i)) + "\u2026";
    }
    return std::string(value);
}

diagnostic diagnostic::of(kind what, std::string message) {
    diagnostic made;
    made.what = what;
    made.message = std::move(message);
    return made;
}

std::string diagnostic::sentence() const {
    if (!earlier) return message;
    if (!earlier->cell.empty()) return fmt::format("{} in {}{}", message, earlier->cell, message_end);
    return fmt::format("{} on line {}{}", message, earlier->line, message_end);
}

std::string diagnostic::brief() const {
    if (!is_rules_text_error(what)) {
        if (table_place) return place_text(*table_place) + ": " + sentence();
        return position ? position_text(*position) + ": " + sentence() : sentence();
    }
    switch (about) {
        case scope::position:
            return fmt::format("line {}, column {} ({}): {}", line, column, origin, sentence());
        case scope::line:
            return fmt::format("line {} ({}): {}", line, origin, sentence());
        case scope::text:
            break;
    }
    return fmt::format("{}: {}", origin == "inline" ? "inline rules" : origin, sentence());
}

std::string diagnostic::detailed() const {
    if (!is_rules_text_error(what) || about != scope::position) return brief();
    const std::string shown = shown_line(line_text);
    return fmt::format("{}\n{}\n{}^", brief(), shown, caret_indent(shown, column));
}

std::string diagnostic::cell_text() const {
    // A rules error that points into the text says so: "rules line 3, column 7 ...".
    const bool in_rules_text = is_rules_text_error(what) && about != scope::text;
    return fmt::format("{}{}{}", cell_prefix, in_rules_text ? "rules " : "", brief());
}

diagnostic diagnostic::in_table(table_cell place) && {
    table_place = std::move(place);
    return std::move(*this);
}

diagnostic diagnostic::at(std::size_t index, std::size_t rows, std::size_t columns) && {
    position = range_position{index, columns, rows > 1 && columns > 1};
    return std::move(*this);
}

}  // namespace truepipe

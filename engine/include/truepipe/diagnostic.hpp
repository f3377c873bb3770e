#pragma once
// Why truepipe cannot answer, kept as data until one renderer turns it into the
// text a cell shows (`#truepipe: ...`) or RULES_CHECK's full form (that line,
// the offending rules line, a caret). Nobody edits a message once written: the
// places it names (the rules cell of an error, the cell of a duplicate's first
// definition) are filled in as data and rendered here.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace truepipe {

// A duplicate's first definition. Rendered "on line 3", or "in Rules!A3" once
// the host has named the cell it is in.
struct earlier_place {
    int line = 0;      // 1-based, in the rules text
    std::string cell;  // empty until named
};

// A cell of a range argument: "row 3", or "row 2, column 3" in a block.
struct range_position {
    std::size_t index = 0;    // 0-based, row by row
    std::size_t columns = 1;  // the range's width, when it is a block
    bool block = false;       // more than one row and more than one column
};

// A cell of a deal table: `deals row 7, "Amount"`, the header row being row 1.
struct table_cell {
    std::string table;    // "deals", "snapshot"
    std::size_t row = 0;  // 1-based in the table
    std::string header;   // the column's header as the table writes it
};

// A value as a message shows it: cut after its first `characters` characters
// (UTF-8 code points), then "…", so that a 5,000-character cell or path cannot
// bury the message. Every value a message quotes from the user goes through here.
inline constexpr std::size_t shown_characters = 60;
std::string shortened(std::string_view value, std::size_t characters = shown_characters);

struct diagnostic {
    enum class kind {
        rules_syntax,  // the rules text breaks the language (at a position of a line)
        rules_limit,   // the rules text is too long, or a line is
        rules_source,  // the rules cannot be read (no such file, not *.rules, ...)
        argument,      // an argument of the function (a cell, a range, a date)
        internal,      // something truepipe did not expect (out of memory, ...)
    };
    // How a rules error says where it is.
    enum class scope {
        position,  // a spot in a line: shown with the line and a caret
        line,      // a whole line (too long): no caret
        text,      // the whole text (too large), or no rules text at all
    };

    kind what = kind::argument;
    // What was found and what was expected. For a duplicate, the words before its
    // earlier place; `message_end` holds those after it ("; it cannot also be ...").
    std::string message;
    std::optional<earlier_place> earlier;
    std::string message_end;

    // Where, for rules errors. The origin is "inline", a file path, "rules range,
    // row 3" (or "..., row 3, column 2" for ranges wider than one column), or the
    // cell the host named ("Rules!A7").
    std::string origin;
    int line = 0;           // 1-based
    int column = 0;         // 1-based, in characters (UTF-8 code points)
    std::string line_text;  // the offending line, for the caret display
    scope about = scope::text;

    // Where, for argument errors: a cell of a range, or of a deal table.
    std::optional<range_position> position;
    std::optional<table_cell> table_place;

    // The sentence itself: the message with its earlier place.
    std::string sentence() const;
    // A rules error on one line: "line 3, column 7 (inline): expected ...".
    std::string brief() const;
    // A rules error in full: the brief form, then the line itself and a caret
    // under the column (tabs are copied so the caret stays aligned; bytes that are
    // not UTF-8 show as U+FFFD). Other kinds: their sentence, as RULES_CHECK says it.
    std::string detailed() const;
    // What a cell shows: "#truepipe: " and where and what, on one line.
    std::string cell_text() const;

    static diagnostic of(kind what, std::string message);
    static diagnostic of_argument(std::string message) { return of(kind::argument, std::move(message)); }
    static diagnostic of_rules_source(std::string message) {
        return of(kind::rules_source, std::move(message));
    }
    static diagnostic of_internal(std::string message) { return of(kind::internal, std::move(message)); }
    // The same diagnostic about cell `index` of a range `columns` wide.
    diagnostic at(std::size_t index, std::size_t rows, std::size_t columns) &&;
    // The same diagnostic about a cell of a deal table.
    diagnostic in_table(table_cell place) &&;
};

}  // namespace truepipe

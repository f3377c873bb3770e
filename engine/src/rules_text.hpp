#pragma once
// The rules text below the language: its limits, its lines, UTF-8 and the
// characters a reader cannot see, and the errors that point into it.

#include <truepipe/rules_parser.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe::detail {

// ---------------------------------------------------------------------------
// UTF-8 and code points.

constexpr bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int code_points(std::string_view text);

// The first `count` code points of `text` (all of it when it has fewer).
std::string_view first_code_points(std::string_view text, int count);

// The whole UTF-8 sequence starting at `at`, so messages never split a character.
std::string_view code_point_at(const char* at, const char* end);

// Offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t invalid_utf8_offset(std::string_view text);

// ---------------------------------------------------------------------------
// Characters that look like a space or like nothing.

struct hidden_character {
    std::string name;  // "a non-breaking space (U+00A0)"
    bool looks_like_space;
};

// The control or invisible character starting at `at`, if it is one.
std::optional<hidden_character> invisible_at(const char* at, const char* end);

// ---------------------------------------------------------------------------
// Lines, limits and the errors that point into the text.

// Accepts \n, \r\n and a lone \r, so files from any system number their lines alike.
std::vector<std::string_view> split_lines(std::string_view text);

// The limit on the size of the whole text, checked before it is split.
std::optional<rules_error> check_text(std::string_view origin, std::string_view text);

// The limits on line `number` (how many lines, how long) and its encoding,
// checked before the line is read.
std::optional<rules_error> check_line(std::string_view origin, int number, std::string_view line);

// An error at `where`, a pointer into `line_text`; the column counts code points.
rules_error error_at(std::string_view origin, int line, std::string_view line_text, const char* where,
                     std::string message);

// An error about the whole text, which has no line to show.
rules_error text_error(std::string_view origin, std::string message);

}  // namespace truepipe::detail

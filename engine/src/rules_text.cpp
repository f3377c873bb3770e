#include "rules_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace truepipe::detail {

namespace {

constexpr std::size_t max_text_bytes = 1024 * 1024;
constexpr int max_lines = 10'000;
constexpr std::size_t max_line_bytes = 4096;

std::string_view cut_at_code_point(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t size = max_bytes;
    while (size > 0 && is_continuation_byte(text[size])) --size;
    return text.substr(0, size);
}

struct utf8_lead {
    std::size_t length;
    unsigned char low, high;  // the allowed range of the second byte
};

// Per RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
std::optional<utf8_lead> classify_lead(unsigned char lead) {
    if (lead < 0x80) return utf8_lead{1, 0, 0};
    if (lead >= 0xC2 && lead <= 0xDF) return utf8_lead{2, 0x80, 0xBF};
    if (lead == 0xE0) return utf8_lead{3, 0xA0, 0xBF};
    if (lead == 0xED) return utf8_lead{3, 0x80, 0x9F};
    if (lead >= 0xE1 && lead <= 0xEF) return utf8_lead{3, 0x80, 0xBF};
    if (lead == 0xF0) return utf8_lead{4, 0x90, 0xBF};
    if (lead >= 0xF1 && lead <= 0xF3) return utf8_lead{4, 0x80, 0xBF};
    if (lead == 0xF4) return utf8_lead{4, 0x80, 0x8F};
    return std::nullopt;
}

// Characters that look like a space or like nothing. Pasted from a web page or a
// document, or typed by autocorrect (a narrow no-break space before ":" in
// French), they make a line look right and read wrong.
struct invisible_character {
    std::string_view bytes;
    std::string_view name;
    bool looks_like_space;
};

constexpr std::array<invisible_character, 6> invisible_characters = {{
    {"\xC2\xA0", "a non-breaking space (U+00A0)", true},
    {"\xE2\x80\xAF", "a narrow non-breaking space (U+202F)", true},
    {"\xE2\x80\x87", "a figure space (U+2007)", true},
    {"\xE2\x80\x8B", "an invisible zero-width space (U+200B)", false},
    {"\xE2\x81\xA0", "an invisible word joiner (U+2060)", false},
    {"\xEF\xBB\xBF", "an invisible byte order mark (U+FEFF)", false},
}};

rules_error line_error(std::string_view origin, int line, std::string message) {
    rules_error error = rules_error::of(rules_error::kind::rules_limit, std::move(message));
    error.origin = origin;
    error.line = line;
    error.column = 1;
    error.about = rules_error::scope::line;
    return error;
}

}  // namespace

int code_points(std::string_view text) {
    int count = 0;
    for (char c : text) count += is_continuation_byte(c) ? 0 : 1;
    return count;
}

std::string_view first_code_points(std::string_view text, int count) {
    int seen = 0;
    for (std::size_t bytes = 0; bytes < text.size(); ++bytes)
        if (!is_continuation_byte(text[bytes]) && seen++ == count) return text.substr(0, bytes);
    return text;
}

std::string_view code_point_at(const char* at, const char* end) {
    std::size_t length = 1;
    while (at + length != end && length < 4 && is_continuation_byte(at[length])) ++length;
    return {at, length};
}

std::size_t invalid_utf8_offset(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = classify_lead(static_cast<unsigned char>(text[i]));
        if (!lead || i + lead->length > text.size()) return i;
        for (std::size_t k = 1; k < lead->length; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if (k == 1 ? (c < lead->low || c > lead->high) : !is_continuation_byte(text[i + k])) return i;
        }
        i += lead->length;
    }
    return std::string_view::npos;
}

std::optional<hidden_character> invisible_at(const char* at, const char* end) {
    const auto byte = static_cast<unsigned char>(*at);
    if (byte < 0x20 && byte != '\t')
        return hidden_character{fmt::format("a control character (U+{:04X})", byte), false};
    if (byte == 0x7F) return hidden_character{"a control character (U+007F)", false};
    const std::string_view rest(at, std::size_t(end - at));
    for (const auto& candidate : invisible_characters)
        if (rest.starts_with(candidate.bytes))
            return hidden_character{std::string(candidate.name), candidate.looks_like_space};
    return std::nullopt;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t stop = std::min(text.find_first_of("\r\n", start), text.size());
        lines.push_back(text.substr(start, stop - start));
        if (stop == text.size()) break;
        start = stop + ((text[stop] == '\r' && stop + 1 < text.size() && text[stop + 1] == '\n') ? 2 : 1);
    }
    return lines;
}

std::optional<rules_error> check_text(std::string_view origin, std::string_view text) {
    if (text.size() <= max_text_bytes) return std::nullopt;
    return text_error(origin, fmt::format("the text is {} bytes long; at most {} bytes (1 MiB) are allowed",
                                          text.size(), max_text_bytes));
}

std::optional<rules_error> check_line(std::string_view origin, int number, std::string_view line) {
    if (number > max_lines) {
        return text_error(origin, fmt::format("the text has more than {} lines; at most {} lines are allowed",
                                              max_lines, max_lines));
    }
    if (line.size() > max_line_bytes) {
        return line_error(origin, number,
                          fmt::format("this line is {} bytes long; at most {} bytes are allowed", line.size(),
                                      max_line_bytes));
    }
    if (const auto bad = invalid_utf8_offset(line); bad != std::string_view::npos) {
        return error_at(
            origin, number, line, line.data() + bad,
            "this is not UTF-8 text (was it saved as Latin-1 or Windows-1252?); save the rules as UTF-8");
    }
    return std::nullopt;
}

rules_error error_at(std::string_view origin, int line, std::string_view line_text, const char* where,
                     std::string message) {
    const int column = 1 + code_points(line_text.substr(0, std::size_t(where - line_text.data())));
    rules_error error = rules_error::of(rules_error::kind::rules_syntax, std::move(message));
    error.origin = origin;
    error.line = line;
    error.column = column;
    error.line_text = cut_at_code_point(line_text, max_line_bytes);
    error.about = rules_error::scope::position;
    return error;
}

rules_error text_error(std::string_view origin, std::string message) {
    rules_error error = rules_error::of(rules_error::kind::rules_limit, std::move(message));
    error.origin = origin;
    error.line = 1;
    error.column = 1;
    error.about = rules_error::scope::text;
    return error;
}

}  // namespace truepipe::detail

// The rules language: parse_rules, and the tokens of its statements as
// Boost.Spirit X3 parsers. Each line is read by a small hand-written statement
// reader (rules_statements.cpp) whose tokens are the X3 parsers below. Keeping
// the statement level in plain C++ is what lets every error name what was found
// and what was expected in a sales manager's words.
//
// Boost 1.74's standard-encoding character classes assert on bytes >= 0x80, so
// every X3 primitive below tests raw bytes through byte_parser instead. To keep
// it that way, a Boost assertion reached in this file throws in every build
// (not only with assertions on): parse_rules turns it into an error text instead
// of undefined behaviour, and the hostile-input tests would see that text.
//
// This is the only file of the engine that includes Boost: Spirit is heavy to
// compile, and a file that included Boost headers without the define below
// would compile Boost's inline functions differently from this one.
#define BOOST_ENABLE_ASSERT_HANDLER
#include <truepipe/rules_parser.hpp>

#include "rules_reader.hpp"
#include "rules_text.hpp"
#include "suggest.hpp"

#include <fmt/format.h>
#include <boost/spirit/home/x3.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <new>
#include <span>
#include <stdexcept>

namespace truepipe {

namespace {

namespace x3 = boost::spirit::x3;

constexpr int max_days = 3650;

// The units a count of days takes. Messages name, and typos are pointed to, the
// first only: "dy" is not meant to become "day".
constexpr std::array<std::string_view, 3> day_units = {"days", "day", "d"};

// ---------------------------------------------------------------------------
// X3 primitives on raw bytes.

struct byte_parser : x3::parser<byte_parser> {
    using attribute_type = char;
    static bool const has_attribute = true;

    constexpr explicit byte_parser(bool (*accepts)(unsigned char)) : accepts_(accepts) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator last, Context const&, RContext const&, Attribute& attribute) const {
        if (first == last || !accepts_(static_cast<unsigned char>(*first))) return false;
        x3::traits::move_to(*first, attribute);
        ++first;
        return true;
    }

    bool (*accepts_)(unsigned char);
};

constexpr bool is_digit_byte(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool is_blank_byte(unsigned char c) { return c == ' ' || c == '\t'; }
// A bare word runs up to a blank, a quote, a comment or a comma; UTF-8 bytes
// belong to the word so that "Négociation" without quotes is reported whole.
constexpr bool is_bare_byte(unsigned char c) { return !is_blank_byte(c) && c != '"' && c != '#' && c != ','; }
constexpr bool is_plain_name_byte(unsigned char c) { return c != '"' && c != '\\'; }
constexpr bool is_escapable_byte(unsigned char c) { return c == '"' || c == '\\'; }
constexpr bool is_decimal_mark(unsigned char c) { return c == '.' || c == ','; }

const auto digit = byte_parser(is_digit_byte);
const auto blank = byte_parser(is_blank_byte);
const auto bare_byte = byte_parser(is_bare_byte);

const auto blanks = x3::omit[*blank];
const auto bare_word = x3::omit[+bare_byte];
const auto name_body = *((x3::lit('\\') >> byte_parser(is_escapable_byte)) | byte_parser(is_plain_name_byte));

// A count of days, valued as its digits are read. The value stops growing just
// above the maximum, so that a count of any length is too large rather than
// overflowing; leading zeros count for nothing ("0021 days" is 21).
const auto add_day_digit = [](auto& context) {
    int& count = x3::_val(context);
    count = std::min(count * 10 + (x3::_attr(context) - '0'), max_days + 1);
};
const auto day_count = x3::rule<class day_count_rule, int>{"a number of days"} = +digit[add_day_digit];

// "10.5" or "10,5" right after a count of days: a number, but not a whole one.
const auto decimal_tail = x3::omit[byte_parser(is_decimal_mark) >> +digit];
// ",6" right after the 0 of a weight: a share written with a decimal comma.
const auto comma_tail = x3::omit[x3::lit(',') >> +digit];

// A date is a whole word of this shape: "2026-12-25x" is no date.
const auto iso_date_word = x3::omit[x3::repeat(4)[digit] >> x3::lit('-') >> x3::repeat(2)[digit] >>
                                    x3::lit('-') >> x3::repeat(2)[digit] >> !bare_byte];

// What a Boost assertion in this file throws; see the top of the file.
struct internal_check_failed : std::logic_error {
    using std::logic_error::logic_error;
};

// What `parser` matches at `pos`, which then stands after it; empty, with `pos`
// where it was, when it does not match.
template <typename Parser, typename... Attribute>
std::string_view match(const char*& pos, const char* end, const Parser& parser, Attribute&... attribute) {
    const char* start = pos;
    if (!x3::parse(pos, end, parser, attribute...)) {
        pos = start;
        return {};
    }
    return {start, std::size_t(pos - start)};
}

}  // namespace

// ---------------------------------------------------------------------------
// Tokens.

namespace detail {

void token_reader::skip_blanks() { x3::parse(pos_, end_, blanks); }

bool token_reader::at_end() {
    skip_blanks();
    return pos_ == end_ || *pos_ == '#';
}

bool token_reader::skip(char c) {
    if (pos_ == end_ || *pos_ != c) return false;
    ++pos_;
    return true;
}

std::string_view token_reader::next_word() {
    skip_blanks();
    const std::string_view word = match(pos_, end_, bare_word);
    reject_invisible(word);
    return word;
}

std::string token_reader::found() {
    constexpr int longest = 40;
    if (at_end()) return pos_ != end_ ? "a # comment" : "the end of the line";
    if (const auto hidden = invisible_at(pos_, end_)) return hidden->name;
    const char* after = pos_;
    if (*pos_ == '"')
        after = after_quoted_token();
    else if (is_bare_byte(static_cast<unsigned char>(*pos_)))
        x3::parse(after, end_, bare_word);
    else
        return fmt::format("\"{}\"", *pos_);
    const std::string_view token(pos_, std::size_t(after - pos_));
    if (code_points(token) <= longest) return std::string(token);
    return fmt::format("{}...", first_code_points(token, longest));
}

// Just after the closing quote of the quoted token at the cursor, or the end of
// the line; a backslash takes the byte after it along, whatever that byte is.
const char* token_reader::after_quoted_token() const {
    const char* after = pos_ + 1;
    while (after != end_ && *after != '"') after += (*after == '\\' && after + 1 != end_) ? 2 : 1;
    return after != end_ ? after + 1 : after;
}

void token_reader::expect_end() {
    if (!at_end()) fail(pos_, fmt::format("expected the end of the line, found {}", found()));
}

// A word must not hide a character that looks like a space or like nothing: the
// message would otherwise quote "stage " as an unknown keyword.
void token_reader::reject_invisible(std::string_view word) {
    for (const char* at = word.data(); at != word.data() + word.size(); ++at) {
        if (const auto hidden = invisible_at(at, end_)) {
            fail(at, fmt::format("found {} here; {}", hidden->name,
                                 hidden->looks_like_space ? "type an ordinary space instead" : "delete it"));
        }
    }
}

std::string token_reader::next_name(std::string_view expected) {
    skip_blanks();
    const char* start = pos_;
    if (pos_ == end_ || *pos_ != '"') fail(pos_, fmt::format("expected {}, found {}", expected, found()));
    ++pos_;
    std::string name;
    x3::parse(pos_, end_, name_body, name);
    if (pos_ != end_ && *pos_ == '"') {
        ++pos_;
        return name;
    }
    if (pos_ != end_ && pos_ + 1 != end_) {
        fail(pos_,
             fmt::format(
                 "unknown escape \\{} in a name; only \\\" (a quote) and \\\\ (a backslash) are allowed",
                 code_point_at(pos_ + 1, end_)));
    }
    fail(start, "the name starting here has no closing double quote; put one right after the name");
}

int token_reader::next_days() {
    skip_blanks();
    const char* start = pos_;
    int value = 0;
    const std::string_view digits = match(pos_, end_, day_count, value);
    if (digits.empty())
        fail(start, fmt::format("expected a number of days, like \"21 days\", found {}", found()));
    if (!match(pos_, end_, decimal_tail).empty()) {
        fail(start,
             fmt::format("expected a whole number of days, like \"21 days\", found {}", text_since(start)));
    }
    if (value > max_days)
        fail(start, fmt::format("{} days is more than the {}-day maximum", digits, max_days));
    if (value < 1) fail(start, fmt::format("{} days is less than the 1-day minimum", digits));
    expect_day_unit(digits);
    return value;
}

// The unit after a count of days, `count` as written.
void token_reader::expect_day_unit(std::string_view count) {
    skip_blanks();
    const char* start = pos_;
    const std::string_view written = next_word();
    const std::string unit = fold_name(written);
    if (std::ranges::find(day_units, std::string_view(unit)) != day_units.end()) return;
    pos_ = start;
    const auto named = std::span(day_units).first<1>();
    fail(start, fmt::format("expected \"{}\" after {}, found {}{}", named.front(), count, found(),
                            did_you_mean(written, named)));
}

double token_reader::next_weight() {
    skip_blanks();
    const char* start = pos_;
    const bool negative = pos_ != end_ && *pos_ == '-';
    if (negative) ++pos_;
    double value = 0.0;
    if (!read_decimal(value)) {
        pos_ = start;
        fail(start, fmt::format("expected a weight between 0 and 1, like \"weight 0.6\", found {}", found()));
    }
    const std::string_view written = text_since(start);
    // A share written as many spreadsheets show it ("0,6" or "60%"): say how to
    // write it rather than reading 0 followed by junk, or 60.
    if (!match(pos_, end_, comma_tail).empty()) {
        const std::string_view comma_form = text_since(start);
        std::string point_form(comma_form);
        std::replace(point_form.begin(), point_form.end(), ',', '.');
        fail(start, fmt::format("write the weight with a decimal point: {}, not {}", point_form, comma_form));
    }
    // Too large for a double: no percent or share of it is a weight.
    if (std::isinf(value)) {
        fail(start, negative ? fmt::format("weight {} is less than 0", written)
                             : fmt::format("weight {} is more than 1", written));
    }
    if (pos_ != end_ && *pos_ == '%') {
        fail(start, fmt::format("write {}% as {}: a weight is a share between 0 and 1", written,
                                (negative ? -value : value) / 100));
    }
    if (negative && value != 0.0) fail(start, fmt::format("weight {} is less than 0", written));
    if (value > 1.0) fail(start, fmt::format("weight {} is more than 1", written));
    return value;
}

// A number without a sign, like 5, 0.6, 1. or .75, read and converted in one go
// by from_chars rather than by X3: from_chars rounds correctly, while X3's real
// parser (Boost 1.74) adds the digits up in a double and scales the sum, which
// makes some weights of 17 digits or more come out a little off, and one of a
// few hundred digits 0. chars_format::fixed takes no exponent; the first byte
// must be a digit or a point, so from_chars never sees a sign, "inf" or "nan".
bool token_reader::read_decimal(double& value) {
    if (pos_ == end_ || !(is_digit_byte(static_cast<unsigned char>(*pos_)) || *pos_ == '.')) return false;
    const auto read = std::from_chars(pos_, end_, value, std::chars_format::fixed);
    if (read.ptr == pos_) return false;
    // Out of a double's range, from_chars leaves the value as it was: a number of
    // hundreds of digits would silently read as 0. Too large, it is more than any
    // limit (infinity says so); too small, 0 is the nearest a double gets.
    if (read.ec == std::errc::result_out_of_range) {
        const char* point = std::find(pos_, read.ptr, '.');
        const bool whole_part = std::find_if(pos_, point, [](char c) { return c != '0'; }) != point;
        value = whole_part ? std::numeric_limits<double>::infinity() : 0.0;
    }
    pos_ = read.ptr;
    return true;
}

day_number token_reader::next_date() {
    skip_blanks();
    const char* start = pos_;
    const std::string_view written = match(pos_, end_, iso_date_word);
    if (written.empty())
        fail(start, fmt::format("expected a date like 2026-12-25 after holiday, found {}", found()));
    // X3 checked the shape; parse_iso_date reads the ten bytes once more to make
    // the day, since it is the one place that decides which dates exist (no year 0).
    const auto day = parse_iso_date(written);
    if (!day) fail(start, fmt::format("{} is not a real calendar date", written));
    return *day;
}

}  // namespace detail

parse_result parse_rules(std::string_view text, std::string_view origin) {
    try {
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        if (text.starts_with(bom)) text.remove_prefix(bom.size());
        return detail::read_rules(text, origin);
    } catch (const std::bad_alloc&) {
        return detail::text_error(origin, "not enough memory to read the rules");
    } catch (const std::exception& failure) {
        return detail::text_error(origin, fmt::format("could not read the rules: {}", failure.what()));
    } catch (...) {
        return detail::text_error(origin, "could not read the rules");
    }
}

}  // namespace truepipe

namespace boost {

void assertion_failed(char const* expression, char const*, char const* file, long line) {
    throw truepipe::internal_check_failed(
        fmt::format("internal check failed: {} ({}:{})", expression, file, line));
}

void assertion_failed_msg(char const* expression, char const* message, char const*, char const* file,
                          long line) {
    throw truepipe::internal_check_failed(
        fmt::format("internal check failed: {}: {} ({}:{})", expression, message, file, line));
}

}  // namespace boost

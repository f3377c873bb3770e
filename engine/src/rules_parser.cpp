// The rules language. Lines are split here and each line is read by a small
// hand-written statement reader whose tokens are Boost.Spirit X3 parsers. Keeping
// the statement level in plain C++ is what lets every error name what was found
// and what was expected in a sales manager's words.
//
// Boost 1.74's standard-encoding character classes assert on bytes >= 0x80, so
// every X3 primitive below tests raw bytes through byte_parser instead. To keep
// it that way, a Boost assertion reached in this file throws in every build
// (not only with assertions on): parse_rules turns it into an error text instead
// of undefined behaviour, and the hostile-input tests would see that text.
#define BOOST_ENABLE_ASSERT_HANDLER
#include <truepipe/rules_parser.hpp>

#include <fmt/format.h>
#include <boost/spirit/home/x3.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <new>
#include <span>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace truepipe {

namespace {

namespace x3 = boost::spirit::x3;

constexpr std::size_t max_text_bytes = 1024 * 1024;
constexpr int max_lines = 10'000;
constexpr std::size_t max_line_bytes = 4096;
constexpr int max_days = 3650;

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
constexpr bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_blank_byte(unsigned char c) { return c == ' ' || c == '\t'; }
// A bare word runs up to a blank, a quote, a comment or a comma; UTF-8 bytes
// belong to the word so that "Négociation" without quotes is reported whole.
constexpr bool is_bare_byte(unsigned char c) { return !is_blank_byte(c) && c != '"' && c != '#' && c != ','; }
constexpr bool is_plain_name_byte(unsigned char c) { return c != '"' && c != '\\'; }
constexpr bool is_escapable_byte(unsigned char c) { return c == '"' || c == '\\'; }

const auto digit = byte_parser(is_digit_byte);
const auto blank = byte_parser(is_blank_byte);
const auto bare_byte = byte_parser(is_bare_byte);

const auto blanks = x3::omit[*blank];
const auto bare_word = x3::omit[+bare_byte];
const auto whole_number = x3::omit[+digit];
const auto decimal = x3::omit[(+digit >> -(x3::lit('.') >> *digit)) | (x3::lit('.') >> +digit)];
const auto iso_date_shape = x3::omit[x3::repeat(4)[digit] >> x3::lit('-') >> x3::repeat(2)[digit] >>
                                     x3::lit('-') >> x3::repeat(2)[digit]];
const auto name_body = *((x3::lit('\\') >> byte_parser(is_escapable_byte)) | byte_parser(is_plain_name_byte));

// What a Boost assertion in this file throws; see the top of the file.
struct internal_check_failed : std::logic_error {
    using std::logic_error::logic_error;
};

// ---------------------------------------------------------------------------
// Text helpers.

bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

int code_points(std::string_view text) {
    int count = 0;
    for (char c : text) count += is_continuation_byte(static_cast<unsigned char>(c)) ? 0 : 1;
    return count;
}

// The whole UTF-8 sequence starting at `at`, so messages never split a character.
std::string_view code_point_at(const char* at, const char* end) {
    std::size_t length = 1;
    while (at + length != end && length < 4 && is_continuation_byte(static_cast<unsigned char>(at[length])))
        ++length;
    return {at, length};
}

std::string_view cut_at_code_point(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t size = max_bytes;
    while (size > 0 && is_continuation_byte(static_cast<unsigned char>(text[size]))) --size;
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

// Offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t invalid_utf8_offset(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = classify_lead(static_cast<unsigned char>(text[i]));
        if (!lead || i + lead->length > text.size()) return i;
        for (std::size_t k = 1; k < lead->length; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if (k == 1 ? (c < lead->low || c > lead->high) : !is_continuation_byte(c)) return i;
        }
        i += lead->length;
    }
    return std::string_view::npos;
}

// ---------------------------------------------------------------------------
// "Did you mean": the nearest known word, when a typo is the likely story.

// Edit distance counting a swap of two neighbours as one edit ("stgae"), since
// that is the typo people make most.
std::size_t typo_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

// The known word a typo most likely meant: within a quarter of its length in
// edits (at least one, at most three), so "stge" finds "stage" but "limit" does
// not become "stall-limit".
std::optional<std::string_view> nearest_known(std::string_view word,
                                              std::span<const std::string_view> known) {
    const std::string folded = fold_name(word);
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (const std::string_view candidate : known) {
        const std::size_t allowed = std::clamp<std::size_t>((candidate.size() + 2) / 4, 1, 3);
        const std::size_t gap = folded.size() > candidate.size() ? folded.size() - candidate.size()
                                                                 : candidate.size() - folded.size();
        if (gap > allowed) continue;
        const std::size_t distance = typo_distance(folded, candidate);
        if (distance <= allowed && (!best || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

// "; did you mean "days"?" or nothing.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> known) {
    const auto suggestion = nearest_known(word, known);
    return suggestion ? fmt::format("; did you mean \"{}\"?", *suggestion) : std::string();
}

constexpr std::array<std::string_view, 7> keywords = {"stage",   "advance",     "continuation",   "calendar",
                                                      "holiday", "stall-limit", "unknown-outcome"};
constexpr std::array<std::string_view, 4> stage_options = {"stall-limit", "weight", "closed", "not-counted"};
constexpr std::array<std::string_view, 2> calendar_values = {"business-days", "calendar-days"};
constexpr std::array<std::string_view, 2> unknown_outcome_values = {"error", "continuation"};
constexpr std::array<std::string_view, 1> day_units = {"days"};

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

struct hidden_character {
    std::string name;
    bool looks_like_space;
};

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

constexpr std::string_view keyword_list =
    "stage, advance, continuation, calendar, holiday, stall-limit or unknown-outcome";
constexpr std::string_view stage_option_list = "stall-limit, weight, closed or not-counted";

// ---------------------------------------------------------------------------
// Parse state shared by the lines of one text.

// Raised inside a line and turned into a rules_error with line and column.
struct syntax_failure {
    const char* where;
    std::string message;
    int earlier_line = 0;  // a duplicate's first line, named "on line N" in the message
};

struct outcome_site {
    outcome_kind kind;
    int line;
};

struct parse_state {
    rules result;
    calendar_kind calendar = calendar_kind::calendar_days;
    std::vector<day_number> holidays;
    std::unordered_map<std::string, int> stage_lines;  // folded name -> line
    std::unordered_map<std::string, outcome_site> outcome_sites;
    int calendar_line = 0;  // 0: not set yet
    int stall_limit_line = 0;
    int unknown_outcome_line = 0;
};

std::string_view kind_with_article(outcome_kind kind) {
    return kind == outcome_kind::advance ? "an advance" : "a continuation";
}

// ---------------------------------------------------------------------------
// One line.

class line_parser {
public:
    line_parser(std::string_view text, int number, parse_state& state)
        : pos_(text.data()), end_(text.data() + text.size()), number_(number), state_(state) {}

    void parse();

private:
    const char* pos_;
    const char* end_;
    int number_;
    parse_state& state_;

    template <typename Parser>
    std::string_view match(const Parser& parser) {
        const char* start = pos_;
        if (!x3::parse(pos_, end_, parser)) {
            pos_ = start;
            return {};
        }
        return {start, std::size_t(pos_ - start)};
    }

    [[noreturn]] static void fail(const char* where, std::string message, int earlier_line = 0) {
        throw syntax_failure{where, std::move(message), earlier_line};
    }

    void skip_blanks() { x3::parse(pos_, end_, blanks); }
    bool at_end() {
        skip_blanks();
        return pos_ == end_ || *pos_ == '#';
    }
    std::string found();
    std::string quoted_token() const;
    void expect_end();

    std::string_view next_word() {
        skip_blanks();
        const std::string_view word = match(bare_word);
        reject_invisible(word);
        return word;
    }
    void reject_invisible(std::string_view word);
    std::string next_name(std::string_view expected);
    int next_days();
    double next_weight();
    day_number next_date();

    void parse_calendar();
    void parse_holiday();
    void parse_stall_limit();
    void parse_unknown_outcome();
    void parse_stage();
    void apply_stage_option(std::string_view option, const char* where, stage_rule& stage);
    void parse_advances() { parse_outcomes(outcome_kind::advance); }
    void parse_continuations() { parse_outcomes(outcome_kind::continuation); }
    void parse_outcomes(outcome_kind kind);
    void add_outcome(outcome_kind kind, std::string name, const char* where);
};

// The token at the cursor, as a manager would recognise it in the message.
std::string line_parser::found() {
    constexpr int longest = 40;
    if (at_end()) return pos_ != end_ ? "a # comment" : "the end of the line";
    if (const auto hidden = invisible_at(pos_, end_)) return std::string(hidden->name);
    std::string token;
    if (*pos_ == '"')
        token = quoted_token();
    else if (is_bare_byte(static_cast<unsigned char>(*pos_))) {
        const char* start = pos_;
        const char* after = start;
        x3::parse(after, end_, bare_word);
        token.assign(start, after);
    } else
        return fmt::format("\"{}\"", *pos_);
    if (code_points(token) > longest) {
        std::size_t bytes = 0;
        for (int seen = 0; bytes < token.size(); ++bytes) {
            if (!is_continuation_byte(static_cast<unsigned char>(token[bytes])) && seen++ == longest) break;
        }
        token = token.substr(0, bytes) + "...";
    }
    return token;
}

std::string line_parser::quoted_token() const {
    const char* after = pos_ + 1;
    while (after != end_ && *after != '"') after += (*after == '\\' && after + 1 != end_) ? 2 : 1;
    if (after != end_) ++after;
    return std::string(pos_, after);
}

void line_parser::expect_end() {
    if (!at_end()) fail(pos_, fmt::format("expected the end of the line, found {}", found()));
}

std::string line_parser::next_name(std::string_view expected) {
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

int line_parser::next_days() {
    skip_blanks();
    const char* start = pos_;
    const std::string_view digits = match(whole_number);
    if (digits.empty())
        fail(start, fmt::format("expected a number of days, like \"21 days\", found {}", found()));
    if (pos_ != end_ && (*pos_ == '.' || *pos_ == ',') && pos_ + 1 != end_ && is_digit_byte(pos_[1])) {
        const char* after = pos_ + 1;
        while (after != end_ && is_digit_byte(*after)) ++after;
        fail(start, fmt::format("expected a whole number of days, like \"21 days\", found {}",
                                std::string_view(start, std::size_t(after - start))));
    }
    const auto significant = digits.substr(std::min(digits.find_first_not_of('0'), digits.size()));
    int value = 0;
    if (significant.size() > 4)
        value = max_days + 1;  // too long to convert safely; out of range anyway
    else
        std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (value > max_days)
        fail(start, fmt::format("{} days is more than the {}-day maximum", digits, max_days));
    if (value < 1) fail(start, fmt::format("{} days is less than the 1-day minimum", digits));
    skip_blanks();
    const char* unit_start = pos_;
    const std::string_view written_unit = next_word();
    const std::string unit = fold_name(written_unit);
    if (unit != "days" && unit != "day" && unit != "d") {
        pos_ = unit_start;
        fail(pos_, fmt::format("expected \"days\" after {}, found {}{}", digits, found(),
                               did_you_mean(written_unit, day_units)));
    }
    return value;
}

double line_parser::next_weight() {
    skip_blanks();
    const char* start = pos_;
    const bool negative = pos_ != end_ && *pos_ == '-';
    if (negative) ++pos_;
    const std::string_view number = match(decimal);
    if (number.empty()) {
        pos_ = start;
        fail(start, fmt::format("expected a weight between 0 and 1, like \"weight 0.6\", found {}", found()));
    }
    const std::string_view written(start, std::size_t(pos_ - start));
    double value = 0.0;
    std::from_chars(number.data(), number.data() + number.size(), value);
    // A share written as many spreadsheets show it ("0,6" or "60%"): say how to
    // write it rather than reading 0 followed by junk, or 60.
    if (pos_ != end_ && *pos_ == ',' && pos_ + 1 != end_ && is_digit_byte(pos_[1])) {
        const char* after = pos_ + 1;
        while (after != end_ && is_digit_byte(*after)) ++after;
        const std::string_view comma_form(start, std::size_t(after - start));
        std::string point_form(comma_form);
        std::replace(point_form.begin(), point_form.end(), ',', '.');
        fail(start, fmt::format("write the weight with a decimal point: {}, not {}", point_form, comma_form));
    }
    if (pos_ != end_ && *pos_ == '%') {
        fail(start, fmt::format("write {}% as {}: a weight is a share between 0 and 1", written,
                                (negative ? -value : value) / 100));
    }
    if (negative && value != 0.0) fail(start, fmt::format("weight {} is less than 0", written));
    if (value > 1.0) fail(start, fmt::format("weight {} is more than 1", written));
    return value;
}

day_number line_parser::next_date() {
    skip_blanks();
    const char* start = pos_;
    const std::string_view token = match(bare_word);
    const char* shape_end = start;
    if (token.empty() || !x3::parse(shape_end, pos_, iso_date_shape) || shape_end != pos_) {
        pos_ = start;
        fail(start, fmt::format("expected a date like 2026-12-25 after holiday, found {}", found()));
    }
    const auto day = parse_iso_date(token);
    if (!day) fail(start, fmt::format("{} is not a real calendar date", token));
    return *day;
}

void line_parser::parse() {
    if (at_end()) return;
    const char* start = pos_;
    const std::string_view word = next_word();
    // Only a word that looks like one is called an unknown keyword; "42" or a quoted
    // name at the start of a line is a different mistake.
    if (word.empty() || !is_ascii_letter(static_cast<unsigned char>(word.front()))) {
        pos_ = start;
        fail(start, fmt::format("expected a keyword ({}), found {}", keyword_list, found()));
    }
    using statement_reader = void (line_parser::*)();
    static const std::unordered_map<std::string_view, statement_reader> statements = {
        {"stage", &line_parser::parse_stage},
        {"advance", &line_parser::parse_advances},
        {"continuation", &line_parser::parse_continuations},
        {"calendar", &line_parser::parse_calendar},
        {"holiday", &line_parser::parse_holiday},
        {"stall-limit", &line_parser::parse_stall_limit},
        {"unknown-outcome", &line_parser::parse_unknown_outcome},
    };
    const auto statement = statements.find(fold_name(word));
    if (statement == statements.end()) {
        if (const auto suggestion = nearest_known(word, keywords))
            fail(start, fmt::format("unknown keyword \"{}\", did you mean \"{}\"?", word, *suggestion));
        fail(start, fmt::format("unknown keyword \"{}\"; expected {}", word, keyword_list));
    }
    (this->*statement->second)();
}

void line_parser::parse_calendar() {
    skip_blanks();
    const char* start = pos_;
    const std::string_view written = next_word();
    const std::string value = fold_name(written);
    if (value != "business-days" && value != "calendar-days") {
        pos_ = start;
        fail(start, fmt::format("expected business-days or calendar-days after calendar, found {}{}", found(),
                                did_you_mean(written, calendar_values)));
    }
    if (state_.calendar_line != 0)
        fail(start, fmt::format("calendar is already set on line {}", state_.calendar_line),
             state_.calendar_line);
    state_.calendar = value == "business-days" ? calendar_kind::business_days : calendar_kind::calendar_days;
    state_.calendar_line = number_;
    expect_end();
}

void line_parser::parse_holiday() {
    // Repeating a holiday is harmless (holiday lists get pasted together), so no error.
    state_.holidays.push_back(next_date());
    expect_end();
}

void line_parser::parse_stall_limit() {
    skip_blanks();
    const char* start = pos_;
    const int days = next_days();
    if (state_.stall_limit_line != 0) {
        fail(start, fmt::format("the default stall-limit is already set on line {}", state_.stall_limit_line),
             state_.stall_limit_line);
    }
    state_.result.default_stall_limit = days;
    state_.stall_limit_line = number_;
    expect_end();
}

void line_parser::parse_unknown_outcome() {
    skip_blanks();
    const char* start = pos_;
    const std::string_view written = next_word();
    const std::string value = fold_name(written);
    if (value != "error" && value != "continuation") {
        pos_ = start;
        fail(start, fmt::format("expected error or continuation after unknown-outcome, found {}{}", found(),
                                did_you_mean(written, unknown_outcome_values)));
    }
    if (state_.unknown_outcome_line != 0) {
        fail(start, fmt::format("unknown-outcome is already set on line {}", state_.unknown_outcome_line),
             state_.unknown_outcome_line);
    }
    state_.result.unknown_outcome =
        value == "error" ? unknown_outcome_policy::error : unknown_outcome_policy::continuation;
    state_.unknown_outcome_line = number_;
    expect_end();
}

void line_parser::parse_stage() {
    skip_blanks();
    const char* name_start = pos_;
    stage_rule stage;
    stage.name = next_name("a stage name in double quotes, like \"Discovery\"");
    std::string key = fold_name(stage.name);
    if (key.empty()) fail(name_start, "a stage name cannot be empty");
    if (const auto seen = state_.stage_lines.find(key); seen != state_.stage_lines.end()) {
        fail(name_start, fmt::format("stage \"{}\" is already defined on line {}", stage.name, seen->second),
             seen->second);
    }
    while (!at_end()) {
        const char* option_start = pos_;
        const std::string_view option = next_word();
        if (option.empty()) {
            fail(pos_, fmt::format("expected a stage option ({}) or the end of the line, found {}",
                                   stage_option_list, found()));
        }
        apply_stage_option(option, option_start, stage);
    }
    state_.stage_lines.emplace(std::move(key), number_);
    state_.result.stages.push_back(std::move(stage));
}

void line_parser::apply_stage_option(std::string_view option, const char* where, stage_rule& stage) {
    const std::string folded = fold_name(option);
    const bool not_counted = !stage.closed && !stage.counted;
    if (folded == "closed") {
        if (stage.closed) fail(where, "closed is given twice for this stage");
        if (not_counted) fail(where, "a stage cannot be both closed and not-counted");
        if (stage.stall_limit) fail(where, "a closed stage cannot have a stall-limit");
        if (stage.weight) fail(where, "a closed stage cannot have a weight");
        stage.closed = true;
    } else if (folded == "not-counted") {
        if (not_counted) fail(where, "not-counted is given twice for this stage");
        if (stage.closed) fail(where, "a stage cannot be both closed and not-counted");
        stage.counted = false;
    } else if (folded == "stall-limit") {
        if (stage.stall_limit) fail(where, "stall-limit is given twice for this stage");
        if (stage.closed) fail(where, "a closed stage cannot have a stall-limit");
        stage.stall_limit = next_days();
    } else if (folded == "weight") {
        if (stage.weight) fail(where, "weight is given twice for this stage");
        if (stage.closed) fail(where, "a closed stage cannot have a weight");
        stage.weight = next_weight();
    } else if (const auto suggestion = nearest_known(option, stage_options)) {
        fail(where, fmt::format("unknown stage option \"{}\", did you mean \"{}\"?", option, *suggestion));
    } else {
        fail(where, fmt::format("unknown stage option \"{}\"; expected {}", option, stage_option_list));
    }
}

void line_parser::parse_outcomes(outcome_kind kind) {
    constexpr std::string_view expected = "an outcome name in double quotes, like \"Second meeting\"";
    for (;;) {
        skip_blanks();
        const char* name_start = pos_;
        std::string name = next_name(expected);
        add_outcome(kind, name, name_start);
        if (at_end()) return;
        if (*pos_ != ',')
            fail(pos_, fmt::format("expected a comma or the end of the line after \"{}\", found {}", name,
                                   found()));
        ++pos_;
    }
}

void line_parser::add_outcome(outcome_kind kind, std::string name, const char* where) {
    std::string key = fold_name(name);
    if (key.empty()) fail(where, "an outcome name cannot be empty");
    if (const auto seen = state_.outcome_sites.find(key); seen != state_.outcome_sites.end()) {
        const auto& site = seen->second;
        if (site.kind == kind) {
            fail(where,
                 fmt::format("outcome \"{}\" is already listed as {} on line {}", name,
                             kind_with_article(site.kind), site.line),
                 site.line);
        }
        fail(where,
             fmt::format("outcome \"{}\" is already listed as {} on line {}; it cannot also be {}", name,
                         kind_with_article(site.kind), site.line, kind_with_article(kind)),
             site.line);
    }
    state_.outcome_sites.emplace(std::move(key), outcome_site{kind, number_});
    auto& list = kind == outcome_kind::advance ? state_.result.advances : state_.result.continuations;
    list.push_back(std::move(name));
}

// A word must not hide a character that looks like a space or like nothing: the
// message would otherwise quote "stage " as an unknown keyword.
void line_parser::reject_invisible(std::string_view word) {
    for (const char* at = word.data(); at != word.data() + word.size(); ++at) {
        if (const auto hidden = invisible_at(at, end_)) {
            fail(at, fmt::format("found {} here; {}", hidden->name,
                                 hidden->looks_like_space ? "type an ordinary space instead" : "delete it"));
        }
    }
}

// ---------------------------------------------------------------------------
// The whole text.

rules_error make_error(std::string_view origin, int line, std::string_view line_text, int column,
                       std::string message) {
    return {std::string(origin),
            line,
            column,
            std::move(message),
            std::string(cut_at_code_point(line_text, max_line_bytes)),
            rules_error::scope::position};
}

rules_error line_error(std::string_view origin, int line, std::string message) {
    return {std::string(origin), line, 1, std::move(message), {}, rules_error::scope::line};
}

rules_error text_error(std::string_view origin, std::string message) {
    return {std::string(origin), 1, 1, std::move(message), {}, rules_error::scope::text};
}

rules_error error_at(std::string_view origin, int line, std::string_view line_text, const char* where,
                     std::string message) {
    const int column = 1 + code_points(line_text.substr(0, std::size_t(where - line_text.data())));
    return make_error(origin, line, line_text, column, std::move(message));
}

// Accepts \n, \r\n and a lone \r, so files from any system number their lines alike.
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

std::optional<rules_error> check_line(std::string_view origin, int number, std::string_view line) {
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

parse_result parse_lines(std::string_view text, std::string_view origin) {
    if (text.size() > max_text_bytes) {
        return text_error(origin,
                          fmt::format("the text is {} bytes long; at most {} bytes (1 MiB) are allowed",
                                      text.size(), max_text_bytes));
    }
    const auto lines = split_lines(text);
    parse_state state;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const int number = int(i) + 1;
        if (number > max_lines) {
            return text_error(origin,
                              fmt::format("the text has more than {} lines; at most {} lines are allowed",
                                          max_lines, max_lines));
        }
        if (auto problem = check_line(origin, number, lines[i])) return *std::move(problem);
        try {
            line_parser(lines[i], number, state).parse();
        } catch (const syntax_failure& failure) {
            rules_error error = error_at(origin, number, lines[i], failure.where, failure.message);
            error.earlier_line = failure.earlier_line;
            return error;
        }
    }
    rules result = std::move(state.result);
    result.days = calendar(state.calendar, std::move(state.holidays));
    result.index();
    return result;
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
    // Bytes that are not UTF-8 would make the whole message unreadable in Calc;
    // each shows as one U+FFFD so the caret still counts code points.
    std::string shown;
    shown.reserve(line_text.size());
    for (std::size_t i = 0; i < line_text.size();) {
        const std::size_t bad = invalid_utf8_offset(std::string_view(line_text).substr(i));
        const std::size_t good = bad == std::string_view::npos ? line_text.size() - i : bad;
        shown.append(line_text, i, good);
        i += good;
        if (i < line_text.size()) {
            shown += "\xEF\xBF\xBD";
            ++i;
        }
    }
    // Tabs are copied into the caret line so the caret stays under the column.
    std::string caret;
    int seen = 0;
    for (char c : shown) {
        if (is_continuation_byte(static_cast<unsigned char>(c))) continue;
        if (++seen >= column) break;
        caret += c == '\t' ? '\t' : ' ';
    }
    caret.append(std::size_t(std::max(0, column - 1 - seen)), ' ');
    return fmt::format("{}\n{}\n{}^", brief(), shown, caret);
}

parse_result parse_rules(std::string_view text, std::string_view origin) {
    try {
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        if (text.starts_with(bom)) text.remove_prefix(bom.size());
        return parse_lines(text, origin);
    } catch (const std::bad_alloc&) {
        return text_error(origin, "not enough memory to read the rules");
    } catch (const std::exception& failure) {
        return text_error(origin, fmt::format("could not read the rules: {}", failure.what()));
    } catch (...) {
        return text_error(origin, "could not read the rules");
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

#pragma once
// The reader of the rules language, in two parts: the tokens of a line, read
// with Boost.Spirit X3 (rules_parser.cpp, the only file that includes Boost),
// and the statements made of them (rules_statements.cpp).

#include <truepipe/dates.hpp>
#include <truepipe/rules_parser.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace truepipe::detail {

// Raised inside a line and turned into a rules_error with line and column.
struct syntax_failure {
    const char* where;
    std::string message;
    int earlier_line = 0;     // a duplicate's first line, named after the message
    std::string message_end;  // for a duplicate, the words after its first line
};

[[noreturn]] inline void fail(const char* where, std::string message) {
    throw syntax_failure{where, std::move(message), 0, {}};
}

// A duplicate: `message`, then where it was first given ("on line 3", or the
// cell once the host names it), then `message_end`.
[[noreturn]] inline void fail_duplicate(const char* where, std::string message, int earlier_line,
                                        std::string message_end = {}) {
    throw syntax_failure{where, std::move(message), earlier_line, std::move(message_end)};
}

// A cursor in one line and the tokens found at it. A token that is not there
// raises a syntax_failure that says what was found instead.
class token_reader {
public:
    explicit token_reader(std::string_view line) : pos_(line.data()), end_(line.data() + line.size()) {}

    const char* position() const { return pos_; }
    void back_to(const char* where) { pos_ = where; }
    void skip_blanks();
    // Skips blanks; true at the end of the line or at a # comment.
    bool at_end();
    // Moves past `c` if it stands at the cursor.
    bool skip(char c);

    // The token at the cursor, as a manager would recognise it in a message.
    std::string found();
    void expect_end();

    // A word up to a blank, a quote, a comment or a comma; empty if none.
    std::string_view next_word();
    // A name in double quotes, its escapes resolved; `expected` says what it names.
    std::string next_name(std::string_view expected);
    // "21 days": a whole number from 1 to 3650 and its unit.
    int next_days();
    // A share from 0 to 1, like 0.6.
    double next_weight();
    // An ISO date, like 2026-12-25.
    day_number next_date();

private:
    const char* pos_;
    const char* end_;

    std::string_view text_since(const char* start) const { return {start, std::size_t(pos_ - start)}; }
    const char* after_quoted_token() const;
    void reject_invisible(std::string_view word);
    void expect_day_unit(std::string_view count);
    bool read_decimal(double& value);
};

// The rules of a whole text, read line by line; never throws a syntax_failure.
parse_result read_rules(std::string_view text, std::string_view origin);

}  // namespace truepipe::detail

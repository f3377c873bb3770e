// The statements of the rules language, one a line: what each keyword reads,
// and what the lines of one text must agree on (a stage or an outcome listed
// once, each setting given once).
#include "rules_reader.hpp"
#include "rules_text.hpp"
#include "suggest.hpp"

#include <fmt/format.h>

#include <array>
#include <unordered_map>
#include <vector>

namespace truepipe::detail {

namespace {

// ---------------------------------------------------------------------------
// The words of the settings. Each table lists its words once, in the order
// messages name them; the words double as the suggestions for a typo.

constexpr word_table<calendar_kind, 2> calendar_values = {{
    {"business-days", calendar_kind::business_days},
    {"calendar-days", calendar_kind::calendar_days},
}};

constexpr word_table<unknown_outcome_policy, 2> unknown_outcome_values = {{
    {"error", unknown_outcome_policy::error},
    {"continuation", unknown_outcome_policy::continuation},
}};

constexpr word_table<column_role, column_role_names.size()> column_roles = [] {
    word_table<column_role, column_role_names.size()> table{};
    for (std::size_t i = 0; i < table.size(); ++i) table[i] = {column_role_names[i], column_role(i)};
    return table;
}();

// ---------------------------------------------------------------------------
// Parse state shared by the lines of one text.

struct outcome_site {
    outcome_kind kind;
    int line;
};

struct header_site {
    column_role role;
    int line;
};

struct parse_state {
    rules result;
    calendar_kind calendar = calendar_kind::calendar_days;
    std::vector<day_number> holidays;
    std::unordered_map<std::string, int> stage_lines;  // folded name -> line
    std::unordered_map<std::string, outcome_site> outcome_sites;
    std::unordered_map<std::string, header_site> header_sites;  // header_key -> where given
    std::array<int, column_role_names.size()> column_lines{};   // per role; 0: no column line yet
    int calendar_line = 0;  // 0: not set yet
    int stall_limit_line = 0;
    int unknown_outcome_line = 0;
};

std::string_view kind_with_article(outcome_kind kind) {
    return kind == outcome_kind::advance ? "an advance" : "a continuation";
}

bool marked_not_counted(const stage_rule& stage) { return !stage.closed && !stage.counted; }

// How a closed stage is marked, as messages name it: won, lost, or closed.
std::string_view closed_word(stage_decision decision) {
    switch (decision) {
        case stage_decision::won:
            return "won";
        case stage_decision::lost:
            return "lost";
        case stage_decision::none:
            break;
    }
    return "closed";
}

std::string_view closed_word(const stage_rule& stage) { return closed_word(stage.decision); }

// A closed stage is never judged for stalls or weighed: `word` names how it was
// marked closed.
void refuse_open_settings(const char* where, const stage_rule& stage, std::string_view word) {
    if (stage.stall_limit) fail(where, fmt::format("a {} stage cannot have a stall-limit", word));
    if (stage.weight) fail(where, fmt::format("a {} stage cannot have a weight", word));
}

constexpr bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// ---------------------------------------------------------------------------
// One line.

class line_parser {
public:
    line_parser(std::string_view text, int number, parse_state& state)
        : tokens_(text), number_(number), state_(state) {}

    void parse();

private:
    token_reader tokens_;
    int number_;
    parse_state& state_;

    template <typename Value, std::size_t N>
    Value next_setting(std::string_view keyword, const word_table<Value, N>& values, int& set_on_line);

    void parse_calendar();
    void parse_holiday();
    void parse_stall_limit();
    void parse_unknown_outcome();
    void parse_stage();
    void apply_stage_option(std::string_view option, const char* where, stage_rule& stage);
    void closed_option(const char* where, stage_rule& stage);
    void won_option(const char* where, stage_rule& stage) {
        decision_option(where, stage, stage_decision::won);
    }
    void lost_option(const char* where, stage_rule& stage) {
        decision_option(where, stage, stage_decision::lost);
    }
    void decision_option(const char* where, stage_rule& stage, stage_decision decision);
    void not_counted_option(const char* where, stage_rule& stage);
    void stall_limit_option(const char* where, stage_rule& stage);
    void weight_option(const char* where, stage_rule& stage);
    void parse_advances() { parse_outcomes(outcome_kind::advance); }
    void parse_continuations() { parse_outcomes(outcome_kind::continuation); }
    void parse_outcomes(outcome_kind kind);
    void add_outcome(outcome_kind kind, std::string name, const char* where);
    void parse_column();
    void add_header(column_rule& column, std::string header, const char* where);
    // Names in double quotes, separated by commas, to the end of the line: each
    // handed to add(name, where it starts).
    template <typename Add>
    void read_names(std::string_view expected, Add add);

    // The keywords that start a statement, and the options of a stage, in the
    // order messages list them; the words double as the suggestions for a typo.
    using statement_reader = void (line_parser::*)();
    static constexpr word_table<statement_reader, 8> statements = {{
        {"stage", &line_parser::parse_stage},
        {"advance", &line_parser::parse_advances},
        {"continuation", &line_parser::parse_continuations},
        {"calendar", &line_parser::parse_calendar},
        {"holiday", &line_parser::parse_holiday},
        {"stall-limit", &line_parser::parse_stall_limit},
        {"unknown-outcome", &line_parser::parse_unknown_outcome},
        {"column", &line_parser::parse_column},
    }};
    static constexpr auto keywords = words_of(statements);

    using option_reader = void (line_parser::*)(const char* where, stage_rule& stage);
    static constexpr word_table<option_reader, 6> stage_options = {{
        {"stall-limit", &line_parser::stall_limit_option},
        {"weight", &line_parser::weight_option},
        {"closed", &line_parser::closed_option},
        {"won", &line_parser::won_option},
        {"lost", &line_parser::lost_option},
        {"not-counted", &line_parser::not_counted_option},
    }};
    static constexpr auto stage_option_words = words_of(stage_options);
};

void line_parser::parse() {
    if (tokens_.at_end()) return;
    const char* start = tokens_.position();
    const std::string_view word = tokens_.next_word();
    // Only a word that looks like one is called an unknown keyword; "42" or a quoted
    // name at the start of a line is a different mistake.
    if (word.empty() || !is_ascii_letter(static_cast<unsigned char>(word.front()))) {
        tokens_.back_to(start);
        fail(start,
             fmt::format("expected a keyword ({}), found {}", english_list(keywords), tokens_.found()));
    }
    const auto* statement = find_word(statements, fold_name(word));
    if (statement == nullptr) fail(start, unknown_word("keyword", word, keywords));
    (this->*statement->value)();
}

// The one word of a setting that a text gives once, like "calendar business-days".
template <typename Value, std::size_t N>
Value line_parser::next_setting(std::string_view keyword, const word_table<Value, N>& values,
                                int& set_on_line) {
    tokens_.skip_blanks();
    const char* start = tokens_.position();
    const std::string_view written = tokens_.next_word();
    const auto* value = find_word(values, fold_name(written));
    if (value == nullptr) {
        tokens_.back_to(start);
        const auto words = words_of(values);
        fail(start, fmt::format("expected {} after {}, found {}{}", english_list(words), keyword,
                                tokens_.found(), did_you_mean(written, words)));
    }
    if (set_on_line != 0) fail_duplicate(start, fmt::format("{} is already set", keyword), set_on_line);
    set_on_line = number_;
    return value->value;
}

void line_parser::parse_calendar() {
    state_.calendar = next_setting("calendar", calendar_values, state_.calendar_line);
    tokens_.expect_end();
}

void line_parser::parse_holiday() {
    // Repeating a holiday is harmless (holiday lists get pasted together), so no error.
    state_.holidays.push_back(tokens_.next_date());
    tokens_.expect_end();
}

void line_parser::parse_stall_limit() {
    tokens_.skip_blanks();
    const char* start = tokens_.position();
    const int days = tokens_.next_days();
    if (state_.stall_limit_line != 0) {
        fail_duplicate(start, "the default stall-limit is already set", state_.stall_limit_line);
    }
    state_.result.default_stall_limit = days;
    state_.stall_limit_line = number_;
    tokens_.expect_end();
}

void line_parser::parse_unknown_outcome() {
    state_.result.unknown_outcome =
        next_setting("unknown-outcome", unknown_outcome_values, state_.unknown_outcome_line);
    tokens_.expect_end();
}

void line_parser::parse_stage() {
    tokens_.skip_blanks();
    const char* name_start = tokens_.position();
    stage_rule stage;
    stage.name = tokens_.next_name("a stage name in double quotes, like \"Discovery\"");
    std::string key = fold_name(stage.name);
    if (key.empty()) fail(name_start, "a stage name cannot be empty");
    if (const auto seen = state_.stage_lines.find(key); seen != state_.stage_lines.end()) {
        fail_duplicate(name_start, fmt::format("stage \"{}\" is already defined", stage.name), seen->second);
    }
    while (!tokens_.at_end()) {
        const char* option_start = tokens_.position();
        const std::string_view option = tokens_.next_word();
        if (option.empty()) {
            fail(tokens_.position(),
                 fmt::format("expected a stage option ({}) or the end of the line, found {}",
                             english_list(stage_option_words), tokens_.found()));
        }
        apply_stage_option(option, option_start, stage);
    }
    state_.stage_lines.emplace(std::move(key), number_);
    state_.result.stages.push_back(std::move(stage));
}

void line_parser::apply_stage_option(std::string_view option, const char* where, stage_rule& stage) {
    const auto* entry = find_word(stage_options, fold_name(option));
    if (entry == nullptr) fail(where, unknown_word("stage option", option, stage_option_words));
    (this->*entry->value)(where, stage);
}

void line_parser::closed_option(const char* where, stage_rule& stage) {
    if (stage.decision != stage_decision::none) {
        fail(where, fmt::format("a stage cannot be both {0} and closed: {0} is already a closed stage",
                                closed_word(stage)));
    }
    if (stage.closed) fail(where, "closed is given twice for this stage");
    if (marked_not_counted(stage)) fail(where, "a stage cannot be both closed and not-counted");
    refuse_open_settings(where, stage, "closed");
    stage.closed = true;
}

// `won` and `lost`: a closed stage that WIN_RATE counts as decided.
void line_parser::decision_option(const char* where, stage_rule& stage, stage_decision decision) {
    const std::string_view word = closed_word(decision);
    if (stage.decision == decision) fail(where, fmt::format("{} is given twice for this stage", word));
    if (stage.decision != stage_decision::none) fail(where, "a stage cannot be both won and lost");
    if (stage.closed)
        fail(where,
             fmt::format("a stage cannot be both closed and {0}: {0} is already a closed stage", word));
    if (marked_not_counted(stage))
        fail(where, fmt::format("a stage cannot be both not-counted and {}", word));
    refuse_open_settings(where, stage, word);
    stage.closed = true;
    stage.decision = decision;
}

void line_parser::not_counted_option(const char* where, stage_rule& stage) {
    if (marked_not_counted(stage)) fail(where, "not-counted is given twice for this stage");
    if (stage.closed)
        fail(where, fmt::format("a stage cannot be both {} and not-counted", closed_word(stage)));
    stage.counted = false;
}

void line_parser::stall_limit_option(const char* where, stage_rule& stage) {
    if (stage.stall_limit) fail(where, "stall-limit is given twice for this stage");
    if (stage.closed) fail(where, fmt::format("a {} stage cannot have a stall-limit", closed_word(stage)));
    stage.stall_limit = tokens_.next_days();
}

void line_parser::weight_option(const char* where, stage_rule& stage) {
    if (stage.weight) fail(where, "weight is given twice for this stage");
    if (stage.closed) fail(where, fmt::format("a {} stage cannot have a weight", closed_word(stage)));
    stage.weight = tokens_.next_weight();
}

template <typename Add>
void line_parser::read_names(std::string_view expected, Add add) {
    for (;;) {
        tokens_.skip_blanks();
        const char* name_start = tokens_.position();
        std::string name = tokens_.next_name(expected);
        add(name, name_start);
        if (tokens_.at_end()) return;
        if (!tokens_.skip(',')) {
            fail(tokens_.position(),
                 fmt::format("expected a comma or the end of the line after \"{}\", found {}", name,
                             tokens_.found()));
        }
    }
}

void line_parser::parse_outcomes(outcome_kind kind) {
    read_names("an outcome name in double quotes, like \"Second meeting\"",
               [&](const std::string& name, const char* where) { add_outcome(kind, name, where); });
}

void line_parser::add_outcome(outcome_kind kind, std::string name, const char* where) {
    std::string key = fold_name(name);
    if (key.empty()) fail(where, "an outcome name cannot be empty");
    if (const auto seen = state_.outcome_sites.find(key); seen != state_.outcome_sites.end()) {
        const auto& site = seen->second;
        if (site.kind == kind) {
            fail_duplicate(
                where,
                fmt::format("outcome \"{}\" is already listed as {}", name, kind_with_article(site.kind)),
                site.line);
        }
        fail_duplicate(
            where, fmt::format("outcome \"{}\" is already listed as {}", name, kind_with_article(site.kind)),
            site.line, fmt::format("; it cannot also be {}", kind_with_article(kind)));
    }
    state_.outcome_sites.emplace(std::move(key), outcome_site{kind, number_});
    auto& list = kind == outcome_kind::advance ? state_.result.advances : state_.result.continuations;
    list.push_back(std::move(name));
}

// `column ROLE "Header", ...`: which headers of a deal table hold the role's column.
void line_parser::parse_column() {
    static constexpr auto role_words = words_of(column_roles);
    tokens_.skip_blanks();
    const char* start = tokens_.position();
    const std::string_view word = tokens_.next_word();
    if (word.empty()) {
        fail(start, fmt::format("expected a column role ({}) after column, found {}", english_list(role_words),
                                tokens_.found()));
    }
    const auto* role = find_word(column_roles, fold_name(word));
    if (role == nullptr) fail(start, unknown_word("column role", word, role_words));
    int& given_on = state_.column_lines[std::size_t(role->value)];
    if (given_on != 0) fail_duplicate(start, fmt::format("column {} is already given", role->word), given_on);
    given_on = number_;
    column_rule column{role->value, {}};
    read_names("a column header in double quotes, like \"Close Date\"",
               [&](const std::string& header, const char* where) { add_header(column, header, where); });
    state_.result.columns.push_back(std::move(column));
}

void line_parser::add_header(column_rule& column, std::string header, const char* where) {
    std::string key = header_key(header);
    if (key.empty()) fail(where, "a column header cannot be empty");
    if (key == "*") fail(where, "a column header needs text before its *: \"*\" alone would match every column");
    if (column.role == column_role::entered && key.find("{stage}") == std::string::npos) {
        fail(where, "an entered header needs {stage} where each stage's name goes, like \"Entered {stage}\"");
    }
    if (const auto seen = state_.header_sites.find(key); seen != state_.header_sites.end()) {
        const auto& site = seen->second;
        if (site.line == number_) fail(where, fmt::format("header \"{}\" is given twice", header));
        fail_duplicate(where, fmt::format("header \"{}\" is already given for column {}", header,
                                          role_name(site.role)),
                       site.line);
    }
    state_.header_sites.emplace(std::move(key), header_site{column.role, number_});
    column.headers.push_back(std::move(header));
}

}  // namespace

// ---------------------------------------------------------------------------
// The whole text.

parse_result read_rules(std::string_view text, std::string_view origin) {
    if (auto problem = check_text(origin, text)) return *std::move(problem);
    const auto lines = split_lines(text);
    parse_state state;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const int number = int(i) + 1;
        if (auto problem = check_line(origin, number, lines[i])) return *std::move(problem);
        try {
            line_parser(lines[i], number, state).parse();
        } catch (const syntax_failure& failure) {
            rules_error error = error_at(origin, number, lines[i], failure.where, failure.message);
            if (failure.earlier_line > 0) {
                error.earlier = earlier_place{failure.earlier_line, {}};
                error.message_end = failure.message_end;
            }
            return error;
        }
    }
    rules result = std::move(state.result);
    result.days = calendar(state.calendar, std::move(state.holidays));
    result.index();
    return result;
}

}  // namespace truepipe::detail

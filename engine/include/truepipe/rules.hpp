#pragma once
// The rules model: stall limits, calendar, stages and outcome lists.

#include <truepipe/dates.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace truepipe {

// Whether a closed stage decided the deal, for WIN_RATE. Every other function
// sees a won or lost stage only as closed.
enum class stage_decision : unsigned char { none, won, lost };

struct stage_rule {
    std::string name;                                // as written in the rules
    bool closed = false;                             // a finished deal: `closed`, `won` or `lost`
    bool counted = true;                             // false for `not-counted` stages
    std::optional<int> stall_limit;                  // days; the rules' default when absent
    std::optional<double> weight;                    // 0..1; 1 when absent
    stage_decision decision = stage_decision::none;  // `won` or `lost` (both also closed)
};

enum class unknown_outcome_policy { error, continuation };

// What a column of a deal table (a CRM export read by its headers) holds.
enum class column_role : unsigned char { id, amount, stage, close, advance, owner, created, entered };

// Each role's word in the rules language and in messages, in the enum's order.
inline constexpr std::array<std::string_view, 8> column_role_names = {
    "id", "amount", "stage", "close", "advance", "owner", "created", "entered"};

constexpr std::string_view role_name(column_role role) { return column_role_names[std::size_t(role)]; }

// A `column` line: the headers that name one role's column. A header ending in
// `*` matches every header that begins so; in an `entered` header, {stage}
// stands for each stage's name.
struct column_rule {
    column_role role;
    std::vector<std::string> headers;  // as written, in the order written
};
enum class outcome_kind { advance, continuation, unknown };

class rules {
public:
    calendar days;
    int default_stall_limit = 30;
    unknown_outcome_policy unknown_outcome = unknown_outcome_policy::error;
    std::vector<stage_rule> stages;     // in the order written
    std::vector<std::string> advances;  // in the order written
    std::vector<std::string> continuations;
    std::vector<column_rule> columns;   // the `column` lines, in the order written

    // Builds the name indexes; call after filling the fields above.
    void index();

    // Stage lookup: case-insensitive, surrounding spaces ignored. nullptr when not listed.
    const stage_rule* find_stage(std::string_view name) const;
    bool lists_stages() const { return !stages.empty(); }
    // Whether some stage is `won` or `lost`: without one, no deal is ever decided.
    bool marks_decisions() const;
    int stall_limit_of(const stage_rule& stage) const;
    double weight_of(const stage_rule& stage) const;

    // Outcome lookup: case-insensitive, surrounding spaces ignored. A text in neither
    // list is outcome_kind::unknown whatever the policy; callers apply unknown_outcome.
    outcome_kind classify_outcome(std::string_view outcome) const;

    // The headers a `column` line gives `role`; nullptr when none does (the
    // role's default headers apply).
    const column_rule* find_column(column_role role) const;
    // "Discovery, Proposal, Negotiation, ..." for error messages (first few names).
    std::string known_stages() const;

    // One line for RULES_CHECK: stages, outcomes, calendar.
    std::string summary() const;

private:
    std::unordered_map<std::string, std::size_t> stage_index_;
    std::unordered_map<std::string, outcome_kind> outcome_index_;
};

// Names compare case-insensitively with surrounding spaces ignored. ASCII letters
// fold to lower case; other bytes compare exactly.
std::string fold_name(std::string_view name);
// How column headers compare: ASCII letters folded to lower case, white space
// (spaces, tabs, line breaks, no-break spaces) dropped at both ends and each
// run of it inside read as one space.
std::string header_key(std::string_view header);
// Without the given characters at either end (by default blanks: spaces and tabs).
std::string_view trim(std::string_view text, std::string_view characters = " \t");

// The built-in defaults of the product contract.
const rules& builtin_rules();

}  // namespace truepipe

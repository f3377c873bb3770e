#pragma once
// The rules model: stall limits, calendar, stages and outcome lists.

#include <truepipe/dates.hpp>

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
enum class outcome_kind { advance, continuation, unknown };

class rules {
public:
    calendar days;
    int default_stall_limit = 30;
    unknown_outcome_policy unknown_outcome = unknown_outcome_policy::error;
    std::vector<stage_rule> stages;     // in the order written
    std::vector<std::string> advances;  // in the order written
    std::vector<std::string> continuations;

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
// Without the given characters at either end (by default blanks: spaces and tabs).
std::string_view trim(std::string_view text, std::string_view characters = " \t");

// The built-in defaults of the product contract.
const rules& builtin_rules();

}  // namespace truepipe

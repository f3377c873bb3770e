#include <truepipe/rules.hpp>

#include <truepipe/diagnostic.hpp>

#include "suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace truepipe {

namespace {

char fold_ascii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// Error messages list the stages so a typo can be spotted, but a long list would
// bury the message itself.
constexpr std::size_t stages_listed_in_messages = 10;

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
    return fmt::format("{} {}", count, count == 1 ? singular : plural_form);
}

std::string stages_summary(const rules& value) {
    if (!value.lists_stages()) return "stages: any";
    const auto closed = std::count_if(value.stages.begin(), value.stages.end(),
                                      [](const stage_rule& stage) { return stage.closed; });
    const auto open = std::ptrdiff_t(value.stages.size()) - closed;
    std::string text =
        fmt::format("{} ({} open, {} closed", plural(value.stages.size(), "stage", "stages"), open, closed);
    if (value.marks_decisions()) {
        const auto decided = [&](stage_decision decision) {
            return std::count_if(value.stages.begin(), value.stages.end(),
                                 [&](const stage_rule& stage) { return stage.decision == decision; });
        };
        text += fmt::format(": {} won, {} lost", decided(stage_decision::won), decided(stage_decision::lost));
    }
    return text + ")";
}

std::string calendar_summary(const calendar& days) {
    if (days.kind() == calendar_kind::calendar_days) return "calendar-days";
    return fmt::format("business-days with {}", plural(days.holidays().size(), "holiday", "holidays"));
}

rules make_builtin_rules() {
    rules value;
    value.days = calendar(calendar_kind::calendar_days, {});
    value.default_stall_limit = 30;
    value.unknown_outcome = unknown_outcome_policy::error;
    value.stages = {
        {"Prospecting", false, false, 14, std::nullopt},
        {"Qualification", false, true, 21, std::nullopt},
        {"Discovery", false, true, 21, std::nullopt},
        {"Proposal", false, true, 14, std::nullopt},
        {"Negotiation", false, true, 10, std::nullopt},
        {"Closed Won", true, true, std::nullopt, std::nullopt, stage_decision::won},
        {"Closed Lost", true, true, std::nullopt, std::nullopt, stage_decision::lost},
    };
    value.advances = {"Second meeting", "Stakeholder meeting", "Proposal review", "Pilot agreed", "Order"};
    value.continuations = {"Call back later", "Send information", "No decision"};
    value.index();
    return value;
}

}  // namespace

std::string_view trim(std::string_view text, std::string_view characters) {
    const std::size_t first = text.find_first_not_of(characters);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(characters) - first + 1);
}

std::string header_key(std::string_view header) {
    std::string key;
    key.reserve(header.size());
    bool space = false;  // white space seen since the last other character
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        const bool no_break_space = c == '\xC2' && i + 1 < header.size() && header[i + 1] == '\xA0';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || no_break_space) {
            space = true;
            i += no_break_space ? 1 : 0;
            continue;
        }
        if (space && !key.empty()) key += ' ';
        space = false;
        key += fold_ascii(c);
    }
    return key;
}

std::string fold_name(std::string_view name) {
    std::string folded(trim(name));
    std::transform(folded.begin(), folded.end(), folded.begin(), fold_ascii);
    return folded;
}

void rules::index() {
    stage_index_.clear();
    outcome_index_.clear();
    // emplace keeps the first of two equal names; the parser rejects duplicates,
    // so this only matters for models built by hand.
    for (std::size_t i = 0; i < stages.size(); ++i) stage_index_.emplace(fold_name(stages[i].name), i);
    for (const auto& name : advances) outcome_index_.emplace(fold_name(name), outcome_kind::advance);
    for (const auto& name : continuations)
        outcome_index_.emplace(fold_name(name), outcome_kind::continuation);
}

const column_rule* rules::find_column(column_role role) const {
    const auto found = std::find_if(columns.begin(), columns.end(),
                                    [&](const column_rule& column) { return column.role == role; });
    return found == columns.end() ? nullptr : &*found;
}

const stage_rule* rules::find_stage(std::string_view name) const {
    const auto found = stage_index_.find(fold_name(name));
    return found == stage_index_.end() ? nullptr : &stages[found->second];
}

bool rules::marks_decisions() const {
    return std::any_of(stages.begin(), stages.end(),
                       [](const stage_rule& stage) { return stage.decision != stage_decision::none; });
}

int rules::stall_limit_of(const stage_rule& stage) const {
    return stage.stall_limit.value_or(default_stall_limit);
}

double rules::weight_of(const stage_rule& stage) const { return stage.weight.value_or(1.0); }

outcome_kind rules::classify_outcome(std::string_view outcome) const {
    const auto found = outcome_index_.find(fold_name(outcome));
    return found == outcome_index_.end() ? outcome_kind::unknown : found->second;
}

std::string rules::known_stages() const {
    std::string names;
    const std::size_t shown = std::min(stages.size(), stages_listed_in_messages);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) names += ", ";
        names += shortened(stages[i].name);
    }
    if (stages.size() > shown) names += ", ...";
    return names;
}

std::string rules::summary() const {
    std::string line =
        fmt::format("{}, {} advance and {} continuation outcomes, {}, default stall limit {}",
                    stages_summary(*this), advances.size(), continuations.size(), calendar_summary(days),
                    plural(std::size_t(default_stall_limit), "day", "days"));
    if (unknown_outcome == unknown_outcome_policy::continuation)
        line += ", unknown outcomes count as continuations";
    if (!columns.empty()) {
        std::vector<std::string_view> roles;
        for (const column_rule& column : columns) roles.push_back(role_name(column.role));
        line += ", columns named for " + detail::english_list(roles, "and");
    }
    return line;
}

const rules& builtin_rules() {
    static const rules value = make_builtin_rules();
    return value;
}

}  // namespace truepipe

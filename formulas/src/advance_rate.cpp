// ADVANCE_RATE: the share of sales conversations that ended in an advance.

#include "arguments.hpp"

#include <truepipe/formulas.hpp>

#include <algorithm>

namespace truepipe {

using namespace detail;

namespace {

// Long outcome lists would bury the message itself.
constexpr std::size_t outcomes_listed_in_messages = 10;

std::string listed(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    const std::size_t shown = std::min(names.size(), outcomes_listed_in_messages);
    std::string text;
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) text += ", ";
        text += shortened(names[i]);
    }
    if (names.size() > shown) text += ", ...";
    return text;
}

diagnostic unknown_outcome(const rules& model, const range_view& outcomes, std::size_t index) {
    return at_cell(
        argument_error("unknown outcome {} (advance: {}; continuation: {})", cell_text(outcomes.cells[index]),
                       listed(model.advances), listed(model.continuations)),
        outcomes, index);
}

class outcome_reader {
public:
    explicit outcome_reader(const rules& model) : model_(model) {}

    outcome_kind classify(const cell& value) {
        if (value.is_number())
            return value.number != 0.0 ? outcome_kind::advance : outcome_kind::continuation;
        if (const auto* known = recent_.find(value.text)) return *known;
        const outcome_kind kind = model_.classify_outcome(value.text);
        recent_.remember(value.text, kind);
        return kind;
    }

private:
    const rules& model_;
    recent_texts<outcome_kind> recent_;
};

}  // namespace

namespace {

checked<double> share_of_advances(const range_view& outcomes, const rules_argument& rules,
                                  const range_view& include) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const auto in_scope = row_scope::of(include, outcomes, "outcomes");
    if (const auto* error = std::get_if<diagnostic>(&in_scope)) return *error;
    const row_scope& scope = std::get<row_scope>(in_scope);
    const class rules& model = *loaded->value;
    const bool unknown_is_continuation = model.unknown_outcome == unknown_outcome_policy::continuation;

    outcome_reader reader(model);
    std::size_t conversations = 0;
    std::size_t advances = 0;
    const std::size_t count = cell_count(outcomes);
    for (std::size_t i = 0; i < count; ++i) {
        if (const auto verdict = scope.row(i); verdict != row_scope::verdict::in) {
            if (verdict == row_scope::verdict::out) continue;
            return scope.not_a_flag(i);
        }
        const cell& value = outcomes.cells[i];
        if (value.is_empty()) continue;
        const outcome_kind kind = reader.classify(value);
        if (kind == outcome_kind::unknown && !unknown_is_continuation)
            return unknown_outcome(model, outcomes, i);
        ++conversations;
        if (kind == outcome_kind::advance) ++advances;
    }
    if (conversations == 0)
        return scope.everything() ? argument_error("no conversations")
                                  : argument_error("no conversations in scope");
    return static_cast<double>(advances) / static_cast<double>(conversations);
}

}  // namespace

formula_result advance_rate(const range_view& outcomes, const rules_argument& rules,
                            const range_view& include) {
    return result_of(share_of_advances(outcomes, rules, include));
}

}  // namespace truepipe

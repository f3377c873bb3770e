// WIN_RATE: the share of decided deals that were won, by count or by amount.

#include "arguments.hpp"
#include "stages.hpp"

#include <truepipe/formulas.hpp>

#include <cmath>

namespace truepipe {

using namespace detail;

namespace {

// How much the decided deals weigh: one each, or their amounts.
struct tally {
    double won = 0.0;
    double decided = 0.0;
    std::size_t deals = 0;
};

checked<double> share_won(const range_view& stages, const range_view& amounts, const rules_argument& rules,
                          const range_view& include) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    const class rules& model = *loaded->value;
    // Without a won or lost stage no deal is ever decided: an answer would only
    // say that the rules do not tell.
    if (!model.marks_decisions()) {
        return argument_error(
            "the rules mark no stage won or lost: add won or lost to the stage lines that end a deal, like "
            "stage \"Closed Won\" won and stage \"Closed Lost\" lost");
    }
    if (!is_vector(stages)) return not_a_vector("stages", stages);
    const bool by_amount = !amounts.empty();
    if (by_amount)
        if (auto wrong = check_same_length("amounts", amounts, "stages", stages)) return *std::move(wrong);
    const auto in_scope = row_scope::of(include, stages, "stages");
    if (const auto* error = std::get_if<diagnostic>(&in_scope)) return *error;
    const row_scope& scope = std::get<row_scope>(in_scope);

    stage_finder finder(model);
    tally counted;
    const std::size_t count = cell_count(stages);
    for (std::size_t i = 0; i < count; ++i) {
        if (const auto verdict = scope.row(i); verdict != row_scope::verdict::in) {
            if (verdict == row_scope::verdict::out) continue;
            return scope.not_a_flag(i);
        }
        const cell& stage = stages.cells[i];
        const cell* amount = by_amount ? &amounts.cells[i] : nullptr;
        if (stage.is_empty() && (amount == nullptr || amount->is_empty())) continue;

        const auto found = finder.find(stage);
        if (const auto* wrong = std::get_if<diagnostic>(&found)) return at_cell(*wrong, stages, i);
        const stage_rule* rule = std::get<stage_info>(found).rule;
        if (rule == nullptr || rule->decision == stage_decision::none) continue;
        double weight = 1.0;
        if (amount != nullptr) {
            const auto value = read_amount(*amount);
            if (const auto* wrong = std::get_if<diagnostic>(&value)) return at_cell(*wrong, amounts, i);
            weight = std::get<double>(value);
        }
        ++counted.deals;
        counted.decided += weight;
        if (rule->decision == stage_decision::won) counted.won += weight;
    }
    if (counted.deals == 0) {
        return scope.everything() ? argument_error("no decided deals (won or lost)")
                                  : argument_error("no decided deals (won or lost) in scope");
    }
    if (!std::isfinite(counted.decided))
        return argument_error("the decided amounts add up to too large a number");
    if (counted.decided == 0.0) return argument_error("the decided deals' amounts add up to 0");
    return counted.won / counted.decided;
}

}  // namespace

formula_result win_rate(const range_view& stages, const range_view& amounts, const rules_argument& rules,
                        const range_view& include) {
    return result_of(share_won(stages, amounts, rules, include));
}

}  // namespace truepipe

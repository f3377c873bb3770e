// Fuzzes WIN_RATE: it answers a share in [0, 1] or an error; with an include
// mask it answers what it answers over the rows in scope alone; and over a
// column of stages the rules know, it is the won deals over the decided ones.

#include "fuzz_input.hpp"

#include <truepipe/rules.hpp>

using namespace truepipe;

namespace {

// Won over decided, counted here from the rules' own stage table, or nothing
// when a row is one the function must refuse (or the rules do not load).
std::optional<double> counted_rate(const range_view& stages, const rules_argument& rules) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok() || !loaded->value->marks_decisions() || stages.columns != 1) return std::nullopt;
    std::size_t won = 0, decided = 0;
    for (const cell& stage : stages.cells) {
        if (stage.is_empty()) continue;
        if (!stage.is_text()) return std::nullopt;
        const stage_rule* rule = loaded->value->find_stage(stage.text);
        if (rule == nullptr) return std::nullopt;
        if (rule->decision == stage_decision::none) continue;
        ++decided;
        if (rule->decision == stage_decision::won) ++won;
    }
    if (decided == 0) return std::nullopt;
    return double(won) / double(decided);
}

}  // namespace

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const rules_argument rules = fuzz::read_rules(in, store);
    const range_view stages = fuzz::read_range(in, store);
    const range_view amounts = in.flag() ? fuzz::read_range(in, store) : range_view{};
    const range_view include = fuzz::read_include(in, store, stages);

    const formula_result result = win_rate(stages, amounts, rules, include);
    fuzz::require_number_or_error(result, "WIN_RATE");
    if (const auto* rate = std::get_if<double>(&result))
        fuzz::require(*rate >= 0.0 && *rate <= 1.0, "WIN_RATE in [0, 1]", fuzz::describe(result));

    if (!include.empty() && fuzz::is_flag_mask(include, stages)) {
        const range_view masked_amounts = amounts.empty() ? amounts : fuzz::masked(amounts, include, store);
        if (amounts.empty() || amounts.cells.size() == stages.cells.size()) {
            fuzz::require_same_as_masked(
                result, win_rate(fuzz::masked(stages, include, store), masked_amounts, rules), "WIN_RATE");
        }
    }
    if (include.empty() && amounts.empty()) {
        if (const auto expected = counted_rate(stages, rules)) {
            fuzz::require(std::holds_alternative<double>(result) && std::get<double>(result) == *expected,
                          "WIN_RATE is won over decided", fuzz::describe(result));
        }
    }
}

#include "stages.hpp"

namespace truepipe::detail {

or_problem<stage_info> stage_finder::find(const cell& stage) {
    if (stage.is_number()) return problem{"stage must be a text"};
    const std::string_view text = trim(stage.text);
    if (text.empty()) return problem{"stage is empty"};
    if (!rules_.lists_stages()) return stage_info{nullptr, text};
    if (const stage_rule* rule = lookup(text)) return stage_info{rule, rule->name};
    return problem{fmt::format("unknown stage \"{}\" (known: {})", text, rules_.known_stages())};
}

const stage_rule* stage_finder::lookup(std::string_view text) {
    if (const auto* known = recent_.find(text)) return *known;
    const stage_rule* rule = rules_.find_stage(text);
    recent_.remember(text, rule);
    return rule;
}

}  // namespace truepipe::detail

#include "stages.hpp"

namespace truepipe::detail {

checked<stage_info> stage_finder::find_new(const cell& stage) {
    if (stage.is_number()) return argument_error("stage {} is a number, not a stage name", cell_text(stage));
    auto found = resolve(stage.text);
    if (const auto* info = std::get_if<stage_info>(&found)) recent_.remember(stage.text, *info);
    return found;
}

checked<stage_info> stage_finder::resolve(std::string_view given) const {
    const std::string_view text = trim(given);
    if (text.empty()) return argument_error("stage is empty");
    if (!rules_.lists_stages()) return stage_info{nullptr, text};
    if (const stage_rule* rule = rules_.find_stage(text)) return stage_info{rule, rule->name};
    return argument_error("unknown stage {} (known: {})", quoted(text), rules_.known_stages());
}

}  // namespace truepipe::detail

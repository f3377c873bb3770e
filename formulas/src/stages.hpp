#pragma once
// A stage cell resolved against the rules, the same way in STALL_LIMIT,
// REAL_COVERAGE and DEAL_STATUS.

#include "arguments.hpp"

#include <truepipe/rules.hpp>

#include <string_view>

namespace truepipe::detail {

struct stage_info {
    const stage_rule* rule = nullptr;  // nullptr when the rules list no stages
    std::string_view name;             // as written in the rules, else the trimmed text

    bool closed() const { return rule != nullptr && rule->closed; }
    bool counted() const { return rule == nullptr || rule->counted; }
};

// A stage's stall limit and weight: its own, or the rules' default limit and
// weight 1 when the rules list no stages.
inline int stall_limit_of(const rules& model, const stage_info& stage) {
    return stage.rule != nullptr ? model.stall_limit_of(*stage.rule) : model.default_stall_limit;
}

inline double weight_of(const rules& model, const stage_info& stage) {
    return stage.rule != nullptr ? model.weight_of(*stage.rule) : 1.0;
}

class stage_finder {
public:
    explicit stage_finder(const rules& value) : rules_(value) {}

    // The stage a cell names, or what is wrong with it: empty, not a text, or
    // not listed when the rules list stages (a typo must not drop a deal). Inline,
    // because nearly every deal of a call names a stage text already met.
    checked<stage_info> find(const cell& stage) {
        if (stage.is_text())
            if (const auto* known = recent_.find(stage.text)) return *known;
        return find_new(stage);
    }

private:
    checked<stage_info> find_new(const cell& stage);
    checked<stage_info> resolve(std::string_view text) const;

    const rules& rules_;
    // By the cell's text as given: a stage column repeats a few texts, which are
    // then neither trimmed nor folded again.
    recent_texts<stage_info> recent_;
};

}  // namespace truepipe::detail

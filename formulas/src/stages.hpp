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

class stage_finder {
public:
    explicit stage_finder(const rules& value) : rules_(value) {}

    // The stage a cell names, or what is wrong with it: empty, not a text, or
    // not listed when the rules list stages (a typo must not drop a deal).
    or_problem<stage_info> find(const cell& stage);

private:
    const stage_rule* lookup(std::string_view text);

    const rules& rules_;
    recent_texts<const stage_rule*> recent_;
};

}  // namespace truepipe::detail

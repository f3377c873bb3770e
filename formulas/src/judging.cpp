#include "judging.hpp"

namespace truepipe::detail {

deal_verdict judge_deal(judging& day, const stage_info& stage, std::optional<day_number> latest_advance,
                        day_number close) {
    deal_verdict verdict{.stage = stage};
    if (stage.closed()) {
        verdict.state = deal_state::closed;
        return verdict;
    }
    if (!stage.counted()) {
        verdict.state = deal_state::not_counted;
        return verdict;
    }
    verdict.close_date = close;
    verdict.stall_limit = stall_limit_of(day.model, stage);
    if (!latest_advance) {
        verdict.state = deal_state::no_advance;
        return verdict;
    }
    verdict.stall_days = day.clock.days_since(*latest_advance);
    if (verdict.stall_days > verdict.stall_limit)
        verdict.state = deal_state::stalled;
    else if (close < day.as_of)
        verdict.state = deal_state::past_close_date;
    else
        verdict.state = deal_state::real;
    return verdict;
}

std::string describe(const deal_verdict& verdict, day_number as_of) {
    switch (verdict.state) {
        case deal_state::real:
            return "real";
        case deal_state::closed:
            return "closed";
        case deal_state::not_counted:
            return fmt::format("not counted: {}", verdict.stage.name);
        case deal_state::no_advance:
            return fmt::format("no advance on or before {}", iso_date(as_of));
        case deal_state::stalled:
            return fmt::format("stalled: {} {} in {} (limit {})", verdict.stall_days,
                               verdict.stall_days == 1 ? "day" : "days", verdict.stage.name,
                               verdict.stall_limit);
        case deal_state::past_close_date:
            return fmt::format("past close date {}", iso_date(verdict.close_date));
    }
    return "real";
}

}  // namespace truepipe::detail

#pragma once
// Whether one deal is real on a day, judged the same way wherever a deal comes
// from: REAL_COVERAGE and DEAL_STATUS over range cells, the review over the rows
// of a deal table. Exactly the deals judged `real` are counted.

#include "arguments.hpp"
#include "stages.hpp"

#include <truepipe/rules.hpp>

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>

namespace truepipe::detail {

// In the order the reference checks the conditions of a real deal.
enum class deal_state { real, closed, not_counted, no_advance, stalled, past_close_date };

struct deal_verdict {
    deal_state state = deal_state::real;
    stage_info stage;
    std::int64_t stall_days = 0;
    int stall_limit = 0;
    day_number close_date = 0;
};

// Stall days up to one as-of day. The deals of a sheet name a few hundred
// advance dates, mostly within the last years, so each of those is counted once
// rather than once per deal. Nothing is filled in advance: DEAL_STATUS judges a
// single deal.
class stall_clock {
public:
    stall_clock(const calendar& days, day_number as_of) : days_(days), as_of_(as_of) {}

    // Counted days d with latest < d <= as_of.
    std::int64_t days_since(day_number latest) {
        const std::int64_t back = std::int64_t{as_of_} - latest;
        if (back < 0 || back >= std::int64_t{remembered_days}) return days_.days_after(latest, as_of_);
        const auto index = static_cast<std::size_t>(back);
        if (!known_[index]) {
            counted_[index] = days_.days_after(latest, as_of_);
            known_[index] = true;
        }
        return counted_[index];
    }

private:
    static constexpr std::size_t remembered_days = 1024;

    const calendar& days_;
    day_number as_of_;
    std::bitset<remembered_days> known_;
    std::array<std::int64_t, remembered_days> counted_;  // read only where known_ is set
};

// What every deal of one call is judged against, and what the call has learnt
// about its stages and dates.
struct judging {
    judging(const rules& rules, const date_system& dates, day_number as_of)
        : model(rules), dates(dates), as_of(as_of), stages(rules), clock(rules.days, as_of) {}

    const rules& model;
    const date_system& dates;
    const day_number as_of;
    stage_finder stages;
    stall_clock clock;
};

// The verdict on an open or closed deal whose stage is known. Closed and
// not-counted deals are decided by their stage alone; an open, counted deal
// needs its close date (`close`) and is judged by its latest advance on or
// before the as-of day (none: not real).
deal_verdict judge_deal(judging& day, const stage_info& stage, std::optional<day_number> latest_advance,
                        day_number close);

// Whether the stage alone decides the verdict (closed, not counted).
inline bool decided_by_stage(const stage_info& stage) { return stage.closed() || !stage.counted(); }

// DEAL_STATUS's words: "real", "closed", "stalled: 45 days in Proposal (limit 14)".
std::string describe(const deal_verdict& verdict, day_number as_of);

}  // namespace truepipe::detail

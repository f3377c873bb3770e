#include "arguments.hpp"

#include <truepipe/rules.hpp>

#include <algorithm>

namespace truepipe::detail {

std::string rules_failure(const loaded_rules& loaded, const rules_argument& from) {
    std::string text = loaded.error_text(from);
    return text.empty() ? error_text("could not load the rules") : text;
}

std::string number_text(double value) { return fmt::format("{}", value); }

std::string cell_text(const cell& value) {
    if (value.is_text()) return fmt::format("\"{}\"", trim(value.text));
    if (value.is_number()) return number_text(value.number);
    return "an empty cell";
}

bool is_vector(const range_view& range) { return range.rows <= 1 || range.columns <= 1; }

std::size_t cell_count(const range_view& range) {
    return std::min(range.cells.size(), range.rows * range.columns);
}

std::string position_of(const range_view& range, std::size_t index) {
    if (is_vector(range)) return fmt::format("row {}", index + 1);
    return fmt::format("row {}, column {}", index / range.columns + 1, index % range.columns + 1);
}

date_cell read_date(const date_system& dates, const cell& value) {
    using state = date_cell::state;
    if (value.is_empty() || (value.is_number() && value.number == 0.0)) return {state::empty, 0};
    if (value.is_number()) {
        if (const auto day = dates.from_serial(value.number)) return {state::date, *day};
        return {state::not_a_date, 0};
    }
    if (const auto day = parse_iso_date(trim(value.text))) return {state::date, *day};
    return {state::not_a_date, 0};
}

latest_date latest_on_or_before(const date_system& dates, const cell_run& run, day_number as_of) {
    latest_date found;
    for (std::size_t i = 0; i < run.count; ++i) {
        const date_cell date = read_date(dates, run[i]);
        if (date.what == date_cell::state::not_a_date) return {std::nullopt, i};
        if (date.what == date_cell::state::date && date.day <= as_of)
            found.latest = found.latest ? std::max(*found.latest, date.day) : date.day;
    }
    return found;
}

checked<day_number> resolve_as_of(const call_context& context, const cell& as_of) {
    const date_cell date = read_date(context.dates, as_of);
    switch (date.what) {
        case date_cell::state::empty:
            return context.today;
        case date_cell::state::date:
            return date.day;
        case date_cell::state::not_a_date:
            break;
    }
    return error_text("as_of {} is not a date", cell_text(as_of));
}

}  // namespace truepipe::detail

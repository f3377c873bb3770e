#include "arguments.hpp"

#include <truepipe/rules.hpp>

#include <algorithm>

namespace truepipe::detail {

diagnostic rules_failure(const loaded_rules& loaded, const rules_argument& from) {
    return loaded.error ? loaded.located_error(from) : diagnostic::of_internal("could not load the rules");
}

diagnostic at_cell(diagnostic failure, const range_view& range, std::size_t index) {
    return std::move(failure).at(index, range.rows, range.columns);
}

formula_result result_of(checked<double> answer) {
    if (auto* failure = std::get_if<diagnostic>(&answer)) return failure->cell_text();
    return std::get<double>(answer);
}

std::string cell_text(const cell& value) {
    if (value.is_text()) return fmt::format("\"{}\"", trim(value.text));
    if (value.is_number()) return number_text(value.number);
    return "an empty cell";
}

bool is_vector(const range_view& range) { return range.rows <= 1 || range.columns <= 1; }

std::size_t cell_count(const range_view& range) {
    return std::min(range.cells.size(), range.rows * range.columns);
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
    return argument_error("as_of {} is not a date", cell_text(as_of));
}

}  // namespace truepipe::detail

// Fuzzes the weekly review over two random deal tables: PIPELINE_FLOW answers a
// number or an error for every line, start plus every category is end, and the
// categories DEAL_CHANGE gives the deals add up to PIPELINE_FLOW's deal counts.

#include "fuzz_input.hpp"

#include <truepipe/deal_table.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>

using namespace truepipe;

namespace {

constexpr std::array<std::string_view, 12> categories = {
    "won",       "lost",        "closed",         "new",       "removed",   "pushed out",
    "pulled in", "became real", "no longer real", "increased", "decreased", "unchanged"};

// Headers an export holds: the defaults, near misses, patterns' prefixes and others.
constexpr std::array<std::string_view, 16> headers = {
    "ID",    "Amount", "Stage",       "Close Date",         "Advance Date", "Owner",
    "Notes", " id ",   "Deal Stage", "Entered Discovery", "Amount",       "Closing Date",
    "Deal ID", "Record ID", "Date entered Proposal", "Expected Close Date"};

constexpr std::array<std::string_view, 6> ids = {"D1", "D2", "D3", " D1 ", "d1", "1042"};
constexpr std::array<std::string_view, 3> owners = {"Ana", "ben", ""};

// A cell that fits its column's header most of the time, else any cell.
cell value_for(std::string_view header, fuzz::input& in, fuzz::arena& store) {
    if (in.below(8) == 0) return fuzz::read_cell(in, store);
    const std::string key = header_key(header);
    if (key == "id" || key == "deal id" || key == "record id") {
        if (in.flag()) return cell::of_number(double(1 + in.below(6)));
        return cell::of_text(ids[in.below(ids.size())]);
    }
    if (key == "amount") return cell::of_number(double(in.below(20)) * 2500.0);
    if (key == "stage" || key == "deal stage") return cell::of_text(fuzz::text_dictionary[in.below(8)]);
    if (key == "owner") return cell::of_text(owners[in.below(owners.size())]);
    return cell::of_number(fuzz::near_serial(in));  // the dates
}

// A deal table: a header row of 0 to 7 columns, then 0 to 8 deals.
range_view read_table(fuzz::input& in, fuzz::arena& store) {
    const std::size_t columns = in.below(8);
    const std::size_t rows = 1 + in.below(9);
    auto& cells = store.block(rows * columns);
    for (std::size_t column = 0; column < columns; ++column)
        cells[column] = in.below(10) == 0 ? fuzz::read_cell(in, store)
                                          : cell::of_text(headers[in.below(headers.size())]);
    for (std::size_t row = 1; row < rows; ++row)
        for (std::size_t column = 0; column < columns; ++column)
            cells[row * columns + column] = value_for(header_text(cells[column]), in, store);
    return {cells, rows, columns};
}

}  // namespace

void fuzz::one_call(fuzz::input& in, fuzz::arena& store) {
    const call_context context = fuzz::read_context(in);
    const rules_argument rules = fuzz::read_rules(in, store);
    const range_view today = read_table(in, store);
    const range_view before = read_table(in, store);
    const cell taken = in.flag() ? cell::of_number(fuzz::near_serial(in)) : fuzz::read_cell(in, store);
    const cell as_of = in.flag() ? cell::of_number(fuzz::near_serial(in) + 7) : fuzz::read_cell(in, store);
    const cell period_end = in.flag() ? cell::of_number(fuzz::near_serial(in) + 30) : cell::empty_cell();
    const cell owner = in.below(4) == 0 ? cell::of_text(owners[in.below(owners.size())]) : cell::empty_cell();
    // With a memo or without: the answers are the same.
    table_memo today_memo, before_memo;
    const bool memo = in.flag();
    const table_argument deals{today, memo ? &today_memo : nullptr};
    const table_argument snapshot{before, memo ? &before_memo : nullptr};

    const auto flow = [&](std::string_view line, std::string_view measure) {
        const cell name = cell::of_text(line), how = cell::of_text(measure);
        const formula_result result =
            pipeline_flow(context, range_view::single(name), deals, snapshot, range_view::single(taken),
                          range_view::single(as_of), range_view::single(period_end), rules,
                          range_view::single(owner), range_view::single(how));
        fuzz::require_number_or_error(result, "PIPELINE_FLOW");
        return result;
    };
    const formula_result start = flow("start", "amount");
    if (std::holds_alternative<std::string>(start)) {
        for (const auto line : categories)
            require(flow(line, "deals") == start, "an error of the review is the error of every line",
                    describe(start));
        return;
    }
    double sum = std::get<double>(start);
    std::map<std::string, double, std::less<>> counted;
    for (const auto line : categories) {
        const formula_result amount = flow(line, "amount");
        const formula_result deals_in = flow(line, "deals");
        require(std::holds_alternative<double>(amount) && std::holds_alternative<double>(deals_in),
                "every line of a review that answers is a number", describe(amount) + " / " + describe(deals_in));
        sum += std::get<double>(amount);
        counted[std::string(line)] = std::get<double>(deals_in);
        require(std::get<double>(deals_in) >= 0 && std::get<double>(deals_in) == std::floor(std::get<double>(deals_in)),
                "a deal count is a whole number", describe(deals_in));
    }
    const double end = std::get<double>(flow("end", "amount"));
    require(std::abs(sum - end) <= 1e-9 * std::max({1.0, std::abs(end), std::abs(sum)}),
            "start plus every category is end", std::to_string(sum) + " / " + std::to_string(end));

    // Every id cell of both tables, asked once.
    std::map<std::string, double, std::less<>> seen;
    std::map<std::string, bool, std::less<>> asked;
    // An id cell of 0 cannot be asked for: Calc hands a lone empty cell over as 0.
    bool every_id_asked = true;
    for (const range_view* table : {&today, &before}) {
        std::size_t id_column = table->columns;
        for (std::size_t column = 0; column < table->columns; ++column)
            if (header_key(header_text(table->at(0, column))) == "id") id_column = column;
        if (id_column == table->columns) continue;
        for (std::size_t row = 1; row < table->rows; ++row) {
            const cell& id = table->at(row, id_column);
            if (id.is_number() && id.number == 0.0) every_id_asked = false;
            const std::string change =
                deal_change(context, range_view::single(id), deals, snapshot, range_view::single(taken),
                            range_view::single(as_of), range_view::single(period_end), rules,
                            range_view::single(owner));
            require(change.empty() || change.front() != '#', "a review that answers has no error for its deals",
                    change);
            const std::string key = change.substr(0, change.find(':'));
            std::string id_key = id.is_text() ? std::string(trim(id.text, " \t\r\n")) : number_text(id.number);
            if (change.empty() || change == "out of scope" || asked[id_key]) continue;
            asked[id_key] = true;
            seen[key] += 1;
        }
    }
    // Only with the default headers does the loop above find every id column.
    bool default_ids = true;
    for (const range_view* table : {&today, &before})
        for (std::size_t column = 0; column < table->columns; ++column) {
            const std::string key = header_key(header_text(table->at(0, column)));
            if (key == "deal id" || key == "record id") default_ids = false;
        }
    if (!default_ids || !every_id_asked) return;
    for (const auto line : categories)
        require(seen[std::string(line)] == counted[std::string(line)],
                "DEAL_CHANGE's categories add up to PIPELINE_FLOW's deals", std::string(line));
}

#include "table_rows.hpp"

#include <algorithm>
#include <atomic>

namespace truepipe {

namespace {
std::atomic<std::uint64_t> next_serial{1};
}

table_memo::table_memo() : serial_(next_serial++), contents_(std::make_unique<contents>()) {}
table_memo::~table_memo() = default;

namespace detail {

namespace {

std::string rows_key(const rows_request& request, const date_system& dates) {
    std::string key = fmt::format("{}|{}|{}|", request.name, dates.null_date(), request.needs_dates);
    for (const column_role role : request.required) key += role_name(role), key += ',';
    key += '|';
    for (const column_role role : request.optional) key += role_name(role), key += ',';
    return key;
}

checked<shared_rows> read_rows(const table_argument& table, const rows_request& request, const rules& model,
                               const date_system& dates) {
    auto found = find_columns(table.cells, request.name, model, {request.required, request.optional});
    if (auto* problem = std::get_if<diagnostic>(&found)) return std::move(*problem);
    const auto& columns = std::get<table_columns>(found);
    const bool has_dates = !columns.advance.empty() ||
                           std::any_of(columns.entered.begin(), columns.entered.end(),
                                       [](const auto& column) { return column.has_value(); });
    if (request.needs_dates && !has_dates) {
        // find_columns words the missing advance column, with the headers tried.
        constexpr column_role advance[] = {column_role::advance};
        auto missing = find_columns(table.cells, request.name, model, {advance, {}});
        if (auto* problem = std::get_if<diagnostic>(&missing)) return std::move(*problem);
    }
    auto rows = read_deal_rows(table.cells, request.name, columns, model, dates);
    if (auto* problem = std::get_if<diagnostic>(&rows)) return std::move(*problem);
    return std::make_shared<const deal_table_rows>(std::get<deal_table_rows>(std::move(rows)));
}

}  // namespace

checked<shared_rows> table_rows(const table_argument& table, const rows_request& request,
                                const std::shared_ptr<const rules>& model, const date_system& dates) {
    if (table.memo == nullptr) return read_rows(table, request, *model, dates);
    const std::string key = rows_key(request, dates);
    auto& kept = table.memo->kept();
    {
        const std::lock_guard lock(kept.mutex);
        for (const auto& entry : kept.rows)
            if (entry.key == key && entry.model == model) return entry.rows;
    }
    auto rows = read_rows(table, request, *model, dates);
    const std::lock_guard lock(kept.mutex);
    if (kept.rows.size() >= memo_entries) kept.rows.erase(kept.rows.begin());
    kept.rows.push_back({key, model, rows});
    return rows;
}

}  // namespace detail
}  // namespace truepipe

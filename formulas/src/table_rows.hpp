#pragma once
// The rows of a deal table argument as one rules text reads them: read once per
// table_memo, and again only for a call that has no memo.
#include "deal_rows.hpp"

#include <truepipe/table_memo.hpp>

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe {

struct table_memo::contents {
    struct rows_entry {
        std::string key;
        std::shared_ptr<const rules> model;  // keeps the key's address from being reused
        detail::checked<std::shared_ptr<const detail::deal_table_rows>> rows;
    };
    struct result_entry {
        std::string key;
        std::shared_ptr<const rules> model;
        std::shared_ptr<const void> value;
    };

    std::mutex mutex;
    std::vector<rows_entry> rows;        // the newest last
    std::vector<result_entry> results;  // the newest last
};

namespace detail {

using shared_rows = std::shared_ptr<const deal_table_rows>;

// What a function reads of a table.
struct rows_request {
    std::string_view name;  // "deals" or "snapshot", as messages name the table
    std::span<const column_role> required;
    std::span<const column_role> optional;
    // Advance or entered dates: one of them must be there.
    bool needs_dates = false;
};

checked<shared_rows> table_rows(const table_argument& table, const rows_request& request,
                                const std::shared_ptr<const rules>& model, const date_system& dates);

// A value a function made from one or more tables, kept in the memo of `table`
// under `key` (which names everything the value depends on besides the table
// and the rules); `make` runs when there is none. Without a memo, `make` runs.
template <typename Value, typename Make>
checked<std::shared_ptr<const Value>> kept_result(const table_argument& table, const std::string& key,
                                                  const std::shared_ptr<const rules>& model, Make&& make);

// How many results and row readings a memo keeps (the oldest is dropped).
inline constexpr std::size_t memo_entries = 8;

template <typename Value, typename Make>
checked<std::shared_ptr<const Value>> kept_result(const table_argument& table, const std::string& key,
                                                  const std::shared_ptr<const rules>& model, Make&& make) {
    if (table.memo != nullptr) {
        auto& kept = table.memo->kept();
        const std::lock_guard lock(kept.mutex);
        for (const auto& entry : kept.results)
            if (entry.key == key && entry.model == model) return std::static_pointer_cast<const Value>(entry.value);
    }
    checked<Value> made = make();
    if (auto* problem = std::get_if<diagnostic>(&made)) return std::move(*problem);
    auto value = std::make_shared<const Value>(std::get<Value>(std::move(made)));
    if (table.memo != nullptr) {
        auto& kept = table.memo->kept();
        const std::lock_guard lock(kept.mutex);
        if (kept.results.size() >= memo_entries) kept.results.erase(kept.results.begin());
        kept.results.push_back({key, model, value});
    }
    return value;
}

}  // namespace detail
}  // namespace truepipe

#pragma once
// One table describes every function: the add-in's UNO interface (its IDL is
// generated from it at build time), what Calc's Function Wizard shows, and the
// signatures and argument lists of the README's function reference.

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace truepipe {

// What a function gives back, which decides its UNO return type.
enum class result_type {
    number_or_error,  // a number, or a `#truepipe:` text saying why there is none (UNO any)
    text,             // always a text (UNO string)
    number,           // always a number (UNO double)
};

// How an argument is handed over. A value or range: a required one is a cell, a
// range or a constant (UNO sequence< sequence< any > >), an optional one may be
// omitted (UNO any, VOID when omitted). A table: a whole deal table, header row
// first, handed over as the range itself (UNO XCellRange), which the host reads
// once and keeps for every call naming it; always required.
enum class argument_form { value, table };

struct argument_info {
    std::string_view name;  // display name, e.g. "advance_dates"
    std::string_view description;
    bool optional = false;
    argument_form form = argument_form::value;
};

struct function_info {
    std::string_view method;        // programmatic name in the UNO interface, e.g. "stallDays"
    std::string_view display_name;  // e.g. "STALL_DAYS"
    std::string_view description;
    std::string_view category;  // a category Calc knows ("Add-In")
    result_type result = result_type::number_or_error;
    std::span<const argument_info> arguments;  // in order, excluding Calc's hidden document argument
};

// A catalog's functions sorted by method name, so that a lookup is a binary search.
template <std::size_t Size>
class method_index {
public:
    constexpr explicit method_index(const std::array<function_info, Size>& functions) {
        for (std::size_t i = 0; i < Size; ++i) sorted_[i] = &functions[i];
        std::ranges::sort(sorted_, {}, &function_info::method);
    }

    // By method name, exactly; nullptr when there is none.
    const function_info* find(std::string_view method) const {
        const auto found = std::ranges::lower_bound(sorted_, method, {}, &function_info::method);
        return found != sorted_.end() && (*found)->method == method ? *found : nullptr;
    }

private:
    std::array<const function_info*, Size> sorted_{};
};

std::span<const function_info> function_catalog();
const function_info* find_function(std::string_view method);

}  // namespace truepipe

#pragma once
// One table describes every function: what Calc's Function Wizard shows, and
// what the README's function reference is checked against.

#include <span>
#include <string_view>

namespace truepipe {

struct argument_info {
    std::string_view name;         // display name, e.g. "advance_dates"
    std::string_view description;
    bool optional = false;
};

struct function_info {
    std::string_view method;        // programmatic name in the UNO interface, e.g. "stallDays"
    std::string_view display_name;  // e.g. "STALL_DAYS"
    std::string_view description;
    std::string_view category;      // a category Calc knows ("Add-In")
    std::span<const argument_info> arguments;  // in order, excluding Calc's hidden document argument
};

std::span<const function_info> function_catalog();
const function_info* find_function(std::string_view method);

}  // namespace truepipe

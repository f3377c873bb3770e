#pragma once
// The benchmark's functions, described as the release functions are.

#include <truepipe/catalog.hpp>

#include <span>
#include <string_view>

namespace truepipe::bench {

std::span<const function_info> bench_catalog();
const function_info* find_bench_function(std::string_view method);

}  // namespace truepipe::bench

// Writes the benchmark interface from the benchmark's catalog; see catalog_tool.hpp.

#include "bench_catalog.hpp"

#include <catalog_tool.hpp>

int main(int argc, char** argv) {
    constexpr std::string_view purpose =
        "The benchmark build's functions: floors with the parameters of the\n"
        "functions they stand for, and counters of the rules cache. Only in the\n"
        "benchmark package, never in a release.";
    try {
        return truepipe::tools::run_catalog_tool(
            argc, argv, {"XBenchFunctions", purpose, truepipe::bench::bench_catalog()});
    } catch (...) {
        return 1;
    }
}

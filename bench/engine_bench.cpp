// The engine alone, single-threaded, on the cells Calc would hand to the add-in.
//
//   truepipe_engine_bench DEALS.csv --as-of SERIAL --target NUMBER --rules FILE.rules [--repeat K]
//   truepipe_engine_bench --rules-lookup FILE.rules [--cells 20] [--calls 100000]
//                         [--as cells|inline|file|omitted] [--repeat K]
//
// The first times REAL_COVERAGE over every deal of DEALS.csv (header
// `amount,stage,advance,close,include`, dates as day serials, include TRUE or
// FALSE, an empty field is an empty cell), then REAL_COVERAGE and WIN_RATE (by
// count and by amount) over the deals whose include is TRUE. The second times
// load_rules for one argument, as when every cell of a
// sheet names the same rules: the file's lines in one-column cells, the file's
// text inline, the file's path, or the argument omitted. Each prints one line of
// JSON.

#include <truepipe/formulas.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace truepipe;

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& message) { throw std::runtime_error(message); }

// ---- Options ------------------------------------------------------------------

struct options {
    std::string input;  // DEALS.csv, or FILE.rules with --rules-lookup
    bool rules_lookup = false;
    double as_of = 0;
    double target = 0;
    std::string rules;
    std::size_t repeat = 7;
    std::size_t cells = 20;
    std::size_t calls = 100000;
    std::string as = "cells";
};

double number_of(std::string_view text, std::string_view option) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty())
        fail(fmt::format("{} needs a number, not \"{}\"", option, text));
    return value;
}

std::size_t count_of(std::string_view text, std::string_view option) {
    const double value = number_of(text, option);
    if (!(value >= 1) || value != std::size_t(value))
        fail(fmt::format("{} needs a whole number >= 1", option));
    return std::size_t(value);
}

options parse_options(int argc, char** argv) {
    options chosen;
    bool has_as_of = false, has_target = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) fail(fmt::format("{} needs a value", arg));
            return argv[++i];
        };
        if (arg == "--rules-lookup") {
            chosen.rules_lookup = true;
            chosen.input = value();
        } else if (arg == "--as-of") {
            chosen.as_of = number_of(value(), arg), has_as_of = true;
        } else if (arg == "--target") {
            chosen.target = number_of(value(), arg), has_target = true;
        } else if (arg == "--rules") {
            chosen.rules = value();
        } else if (arg == "--repeat") {
            chosen.repeat = count_of(value(), arg);
        } else if (arg == "--cells") {
            chosen.cells = count_of(value(), arg);
        } else if (arg == "--calls") {
            chosen.calls = count_of(value(), arg);
        } else if (arg == "--as") {
            chosen.as = value();
        } else if (!arg.starts_with("--") && chosen.input.empty()) {
            chosen.input = arg;
        } else {
            fail(fmt::format("unknown argument {}", arg));
        }
    }
    if (chosen.input.empty()) fail("which deals? (DEALS.csv, or --rules-lookup FILE.rules)");
    if (!chosen.rules_lookup && (!has_as_of || !has_target || chosen.rules.empty()))
        fail("REAL_COVERAGE needs --as-of, --target and --rules");
    if (chosen.as != "cells" && chosen.as != "inline" && chosen.as != "file" && chosen.as != "omitted")
        fail("--as is cells, inline, file or omitted");
    return chosen;
}

// ---- Output -------------------------------------------------------------------

std::string json_string(std::string_view text) {
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            quoted += {'\\', c};
        else if (static_cast<unsigned char>(c) < 0x20)
            quoted += fmt::format("\\u{:04x}", int(c));
        else
            quoted += c;
    }
    return quoted + '"';
}

// The median and the fastest of the timed runs, in seconds.
struct timing {
    double median = 0;
    double min = 0;
};

timing time_runs(std::size_t repeat, const std::function<void()>& run) {
    std::vector<double> seconds;
    for (std::size_t i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const std::size_t middle = seconds.size() / 2;
    const double median = seconds.size() % 2 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
    return {median, seconds.front()};
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(fmt::format("cannot open {}", path));
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return lines;
}

// ---- REAL_COVERAGE over a CSV of deals ----------------------------------------

// One column per argument, as Calc hands over a one-column range. The texts are
// views into `storage`, which the columns must not outlive.
struct deal_columns {
    std::string storage;
    std::vector<cell> amounts, stages, advance_dates, close_dates, include;

    std::size_t size() const { return amounts.size(); }
};

cell number_cell(std::string_view field, std::size_t line) {
    if (field.empty()) return cell::empty_cell();
    double value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc{} || end != field.data() + field.size())
        fail(fmt::format("line {}: \"{}\" is not a number", line, field));
    return cell::of_number(value);
}

std::vector<std::string_view> fields_of(std::string_view line, std::size_t number) {
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const auto comma = line.find(',', start);
        fields.push_back(line.substr(start, comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (fields.size() != 5) fail(fmt::format("line {}: {} fields, not 5", number, fields.size()));
    return fields;
}

// As Calc hands a boolean cell over: the number 1 or 0.
cell boolean_cell(std::string_view field, std::size_t line) {
    if (field == "TRUE") return cell::of_number(1);
    if (field == "FALSE") return cell::of_number(0);
    fail(fmt::format("line {}: \"{}\" is neither TRUE nor FALSE", line, field));
}

deal_columns read_deals(const std::string& path) {
    deal_columns deals;
    deals.storage = read_all(path);
    const auto lines = lines_of(deals.storage);
    constexpr std::string_view header = "amount,stage,advance,close,include";
    if (lines.empty() || lines.front() != header)
        fail(fmt::format("{} does not start with the header {}", path, header));
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        const auto fields = fields_of(lines[i], i + 1);
        deals.amounts.push_back(number_cell(fields[0], i + 1));
        deals.stages.push_back(fields[1].empty() ? cell::empty_cell() : cell::of_text(fields[1]));
        deals.advance_dates.push_back(number_cell(fields[2], i + 1));
        deals.close_dates.push_back(number_cell(fields[3], i + 1));
        deals.include.push_back(boolean_cell(fields[4], i + 1));
    }
    return deals;
}

range_view column_of(const std::vector<cell>& cells) { return {cells, cells.size(), 1}; }

std::string value_json(const formula_result& result) {
    if (const auto* number = std::get_if<double>(&result)) return fmt::format("{}", *number);
    return json_string(std::get<std::string>(result));
}

// One timed function over all the deals, as JSON fields.
std::string timed_json(const timing& took, std::size_t deals, const formula_result& value) {
    return fmt::format("\"median_seconds\": {}, \"min_seconds\": {}, \"deals_per_second\": {}, \"value\": {}",
                       took.median, took.min, double(deals) / took.median, value_json(value));
}

void bench_deals(const options& chosen) {
    const deal_columns deals = read_deals(chosen.input);
    // The engine reads only absolute paths, as a workbook would give them.
    const std::string rules_path = fs::absolute(chosen.rules).string();
    const rules_argument rules = rules_argument::of_text(rules_path);
    const call_context context{date_system(), local_today()};
    const cell target = cell::of_number(chosen.target);
    const cell as_of = cell::of_number(chosen.as_of);
    const auto coverage = [&](const range_view& include) {
        return real_coverage(context, column_of(deals.amounts), column_of(deals.stages),
                             column_of(deals.advance_dates), column_of(deals.close_dates), target, as_of,
                             rules, include);
    };
    const range_view in_scope = column_of(deals.include);
    const auto timed = [&](const std::function<formula_result()>& function) {
        formula_result value;
        const timing took = time_runs(chosen.repeat, [&] { value = function(); });
        return timed_json(took, deals.size(), value);
    };
    const std::string all = timed([&] { return coverage({}); });
    const std::string sliced = timed([&] { return coverage(in_scope); });
    const std::string by_count =
        timed([&] { return win_rate(column_of(deals.stages), {}, rules, in_scope); });
    const std::string by_amount =
        timed([&] { return win_rate(column_of(deals.stages), column_of(deals.amounts), rules, in_scope); });
    fmt::print(
        "{{\"deals\": {}, \"repeat\": {}, {}, \"real_coverage_include\": {{{}}}, \"win_rate_count\": {{{}}}, "
        "\"win_rate_amount\": {{{}}}}}\n",
        deals.size(), chosen.repeat, all, sliced, by_count, by_amount);
}

// ---- load_rules, called as every cell of a sheet calls it -----------------------

// The file's lines, one per cell; a file longer than the range puts its remaining
// lines into the last cell (a cell may hold several lines), a shorter one leaves
// the last cells empty.
std::vector<cell> rules_cells(const std::vector<std::string_view>& lines, std::string_view text,
                              std::size_t count) {
    std::vector<cell> cells(count);
    for (std::size_t i = 0; i < std::min(count, lines.size()); ++i) cells[i] = cell::of_text(lines[i]);
    if (lines.size() > count) {
        const auto rest = lines[count - 1].data() - text.data();
        cells[count - 1] = cell::of_text(text.substr(std::size_t(rest)));
    }
    return cells;
}

void bench_rules_lookup(const options& chosen) {
    const std::string text = read_all(chosen.input);
    const std::vector<cell> cells = rules_cells(lines_of(text), text, chosen.cells);
    rules_argument argument = rules_argument::omitted();
    if (chosen.as == "cells") argument = rules_argument::of_cells(column_of(cells));
    if (chosen.as == "inline") argument = rules_argument::of_text(text);
    const std::string path = fs::absolute(chosen.input).string();
    if (chosen.as == "file") argument = rules_argument::of_text(path);

    std::string problem;
    const timing took = time_runs(chosen.repeat, [&] {
        clear_rules_cache();
        for (std::size_t i = 0; i < chosen.calls; ++i) {
            const auto loaded = load_rules(argument);
            if (!loaded->ok()) problem = loaded->error_text(argument);
        }
    });
    if (!problem.empty()) fail(problem);
    const rules_cache_stats stats = rules_cache_statistics();
    fmt::print(
        "{{\"as\": {}, \"cells\": {}, \"calls\": {}, \"repeat\": {}, \"ns_per_call\": {}, "
        "\"min_ns_per_call\": {}, \"parses\": {}, \"hits\": {}}}\n",
        json_string(chosen.as), chosen.as == "cells" ? chosen.cells : 0, chosen.calls, chosen.repeat,
        took.median * 1e9 / double(chosen.calls), took.min * 1e9 / double(chosen.calls), stats.parses,
        stats.hits);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const options chosen = parse_options(argc, argv);
        if (chosen.rules_lookup)
            bench_rules_lookup(chosen);
        else
            bench_deals(chosen);
        return 0;
    } catch (const std::exception& failure) {
        std::fprintf(stderr, "truepipe_engine_bench: %s\n", failure.what());
        return 2;
    }
}

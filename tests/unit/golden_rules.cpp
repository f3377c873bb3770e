// Golden rules diagnostics: every tests/golden/rules/<name>.rules is handed to
// RULES_CHECK as inline text and the answer must equal <name>.expected exactly.
// The same texts are replayed as a one-column range of cells and as a *.rules
// file, where only the origin in the message may change.
//
// TRUEPIPE_UPDATE_GOLDEN=1 rewrites the .expected files from what the code says;
// review every changed file by hand before committing it.
#include <truepipe/formulas.hpp>

#include "sandbox.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

using namespace truepipe;
namespace fs = std::filesystem;

namespace {

const fs::path golden_folder = fs::path(TRUEPIPE_TEST_DIR) / "golden" / "rules";

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// An .expected file is the exact text followed by one newline, as text files end.
std::string expected_text(const fs::path& path) {
    std::string text = read_bytes(path);
    if (text.ends_with('\n')) text.pop_back();
    return text;
}

bool updating() {
    const char* value = std::getenv("TRUEPIPE_UPDATE_GOLDEN");
    return value != nullptr && std::string_view(value) == "1";
}

struct golden_case {
    std::string name;
    std::string rules;     // the bytes of <name>.rules
    std::string expected;  // <name>.expected without its final newline
};

std::vector<golden_case> golden_cases() {
    std::vector<fs::path> sources;
    for (const auto& entry : fs::directory_iterator(golden_folder))
        if (entry.path().extension() == ".rules") sources.push_back(entry.path());
    std::sort(sources.begin(), sources.end());
    std::vector<golden_case> cases;
    for (const auto& source : sources) {
        fs::path expected = source;
        expected.replace_extension(".expected");
        cases.push_back({source.stem().string(), read_bytes(source),
                         fs::exists(expected) ? expected_text(expected) : std::string()});
    }
    return cases;
}

// The golden text as it reads for another origin: " (inline):" after the
// position, or "inline rules:" for a problem with the whole text.
std::string with_origin(std::string text, std::string_view position_origin, std::string_view text_origin) {
    if (const auto at = text.find(" (inline): "); at != std::string::npos && at < text.find('\n')) {
        text.replace(at, 11, " (" + std::string(position_origin) + "): ");
    } else if (text.starts_with("inline rules: ")) {
        text.replace(0, std::string_view("inline rules: ").size(), text_origin);
    }
    return text;
}

// "line 7, ..." -> 7; 0 when the text names no line.
int line_of(std::string_view text) {
    if (!text.starts_with("line ")) return 0;
    return std::atoi(std::string(text.substr(5, 12)).c_str());
}

// One cell per line, as a Rules sheet holds the text.
std::vector<std::string> cell_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t stop = std::min(text.find_first_of("\r\n", start), text.size());
        lines.emplace_back(text.substr(start, stop - start));
        if (stop == text.size()) break;
        start = stop + ((text[stop] == '\r' && stop + 1 < text.size() && text[stop + 1] == '\n') ? 2 : 1);
    }
    return lines;
}

void check_equal(std::string_view name, std::string_view actual, std::string_view expected) {
    if (actual == expected) return;
    FAIL_CHECK("golden " << name << " differs\n--- expected ---\n"
                         << expected << "\n--- actual ---\n"
                         << actual << "\n---");
}

}  // namespace

TEST_CASE("golden: RULES_CHECK of every golden rules text") {
    const truepipe::testing::sandbox sandbox;
    const auto cases = golden_cases();
    CHECK(cases.size() >= 40);
    for (const auto& golden : cases) {
        CAPTURE(golden.name);
        const std::string actual = rules_check(rules_argument::of_text(golden.rules));
        if (updating()) {
            if (actual != golden.expected)
                write_bytes(golden_folder / (golden.name + ".expected"), actual + "\n");
            continue;
        }
        check_equal(golden.name, actual, golden.expected);
    }
}

TEST_CASE("golden: the same texts typed one line per cell name the row") {
    const truepipe::testing::sandbox sandbox;
    for (const auto& golden : golden_cases()) {
        CAPTURE(golden.name);
        const auto lines = cell_lines(golden.rules);
        std::vector<cell> cells;
        cells.reserve(lines.size());
        for (const auto& line : lines)
            cells.push_back(line.empty() ? cell::empty_cell() : cell::of_text(line));
        const range_view range{cells, cells.size(), 1};
        const std::string expected = with_origin(
            golden.expected, fmt::format("rules range, row {}", line_of(golden.expected)), "rules range: ");
        check_equal(golden.name, rules_check(rules_argument::of_cells(range)), expected);
    }
}

TEST_CASE("golden: the same texts in a *.rules file name the file") {
    const truepipe::testing::sandbox sandbox;
    const fs::path path = sandbox.root() / "team.rules";
    for (const auto& golden : golden_cases()) {
        // Files over 1 MiB are refused before parsing, and an empty file is empty
        // rules rather than "no rules given": both have their own tests.
        if (golden.rules.empty() || golden.rules.size() > 1024 * 1024) continue;
        CAPTURE(golden.name);
        write_bytes(path, golden.rules);
        clear_rules_cache();  // the same path and second may hold a new text
        const std::string expected = with_origin(golden.expected, path.string(), path.string() + ": ");
        check_equal(golden.name, rules_check(rules_argument::of_text(path.string())), expected);
    }
}

TEST_CASE("golden: a file's diagnostic in full, as a manager sees it") {
    const truepipe::testing::sandbox sandbox;
    const fs::path path = sandbox.root() / "sales" / "team.rules";
    fs::create_directories(path.parent_path());
    write_bytes(path,
                "calendar business-days\nstage \"Proposal\" stall-limit 14 days\nstage \"Closed\" closd\n");
    CHECK(rules_check(rules_argument::of_text(path.string())) ==
          "line 3, column 16 (" + path.string() +
              "): unknown stage option \"closd\", did you mean \"closed\"?\n"
              "stage \"Closed\" closd\n"
              "               ^");
    // As typed into a cell, with ~/ for the home folder: the message names the
    // file as written, with the home folder filled in.
    CHECK(rules_check(rules_argument::of_text("~/sales/team.rules")) ==
          "line 3, column 16 (" + path.string() +
              "): unknown stage option \"closd\", did you mean \"closed\"?\n"
              "stage \"Closed\" closd\n"
              "               ^");
    // A file of only comments is empty rules: any stage, no outcomes.
    write_bytes(path, "# nothing yet\n");
    clear_rules_cache();
    CHECK(rules_check(rules_argument::of_text(path.string())) ==
          "OK: stages: any, 0 advance and 0 continuation outcomes, calendar-days, default stall limit 30 "
          "days");
}

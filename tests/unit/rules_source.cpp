// Where rules come from: omitted, inline text, cells, files, the user's default
// file, and the cache shared by every cell.
#include <truepipe/rules_source.hpp>

#include "rules_file.hpp"
#include "sandbox.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace truepipe;
using truepipe::testing::sandbox;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const loaded_rules> load_text(std::string_view text) {
    return load_rules(rules_argument::of_text(text));
}

std::shared_ptr<const loaded_rules> load_cells(const std::vector<cell>& cells, std::size_t rows,
                                               std::size_t columns) {
    return load_rules(rules_argument::of_cells(range_view{cells, rows, columns}));
}

const rules& value_of(const std::shared_ptr<const loaded_rules>& loaded) {
    REQUIRE(loaded != nullptr);
    if (!loaded->ok()) FAIL("rules failed to load: " << loaded->error_text());
    return *loaded->value;
}

const std::string keywords =
    "stage, advance, continuation, calendar, holiday, stall-limit, unknown-outcome or column";

// Whether no one has `fifo` open for reading: a writer that will not wait is then
// refused with ENXIO. A load that opened it and still holds it, or is stuck in
// open() waiting for a writer, makes this false.
bool no_reader(const fs::path& fifo) {
    const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (writer >= 0) ::close(writer);
    return writer < 0 && errno == ENXIO;
}

fs::path make_fifo(const fs::path& path) {
    fs::create_directories(path.parent_path());
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    return path;
}

// Runs `load` in another thread and waits a generous while, so that a load that
// blocks fails the test instead of hanging it. A load stuck opening `fifo` is
// then let go by opening the FIFO for writing, so the test still ends.
template <typename Load>
auto bounded(Load load, const fs::path& fifo = {}) {
    auto answer = std::async(std::launch::async, std::move(load));
    if (answer.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
        while (!fifo.empty() && answer.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
            const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (writer >= 0) ::close(writer);
        }
        answer.wait();
        FAIL("the load did not return within 30 s");
    }
    return answer.get();
}

std::string bounded_error(const std::string& text, const fs::path& fifo = {}) {
    return bounded([text] { return load_text(text)->error_text(); }, fifo);
}

std::string bounded_default_error(const fs::path& fifo = {}) {
    return bounded([] { return load_rules(rules_argument::omitted())->error_text(); }, fifo);
}

// A file of `size` bytes that takes no room: a hole, as `truncate -s 2G` makes.
fs::path make_sparse(const fs::path& path, std::uintmax_t size) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary).put('#');
    fs::resize_file(path, size);
    return path;
}

detail::file_identity identity_of(const fs::path& path) {
    struct stat seen {};
    REQUIRE(::stat(path.c_str(), &seen) == 0);
    return {std::uint64_t(seen.st_dev), std::uint64_t(seen.st_ino)};
}

constexpr std::uintmax_t two_gib = std::uintmax_t(2) * 1024 * 1024 * 1024;

}  // namespace

TEST_CASE("omitted rules are the built-in defaults when there is no user file") {
    sandbox box;
    const auto loaded = load_rules(rules_argument::omitted());
    CHECK(&value_of(loaded) == &builtin_rules());
    CHECK(loaded->error_text().empty());
    CHECK(&value_of(load_text("")) == &builtin_rules());
    CHECK(&value_of(load_text("   \t ")) == &builtin_rules());
    CHECK(&value_of(load_text(" \n \r\n")) == &builtin_rules());
    const std::vector<cell> empty_cells(4);
    CHECK(&value_of(load_cells(empty_cells, 2, 2)) == &builtin_rules());
    CHECK(&value_of(load_cells({}, 0, 0)) == &builtin_rules());
}

TEST_CASE("the default file lives under XDG_CONFIG_HOME, else ~/.config") {
    sandbox box;
    CHECK(default_rules_path() == box.root() / ".config/truepipe/default.rules");
    setenv("XDG_CONFIG_HOME", (box.root() / "xdg").c_str(), 1);
    CHECK(default_rules_path() == box.root() / "xdg/truepipe/default.rules");
    setenv("XDG_CONFIG_HOME", "relative/config", 1);  // invalid per XDG: ignored
    CHECK(default_rules_path() == box.root() / ".config/truepipe/default.rules");
}

TEST_CASE("the user's default file replaces the built-in defaults") {
    sandbox box;
    setenv("XDG_CONFIG_HOME", (box.root() / "xdg").c_str(), 1);
    box.write("xdg/truepipe/default.rules", "stall-limit 17 days\n");
    CHECK(value_of(load_rules(rules_argument::omitted())).default_stall_limit == 17);
    CHECK(value_of(load_text("  ")).default_stall_limit == 17);
    const std::vector<cell> empty_cells(3);
    CHECK(value_of(load_cells(empty_cells, 3, 1)).default_stall_limit == 17);
}

TEST_CASE("a default file under ~/.config is found without XDG_CONFIG_HOME") {
    sandbox box;
    box.write(".config/truepipe/default.rules", "stall-limit 19 days\n");
    CHECK(value_of(load_rules(rules_argument::omitted())).default_stall_limit == 19);
}

TEST_CASE("a broken default file is reported, not silently replaced") {
    sandbox box;
    const fs::path path = box.write(".config/truepipe/default.rules", "stage \"A\"\nstall-limit 5 weeks\n");
    const auto loaded = load_rules(rules_argument::omitted());
    CHECK_FALSE(loaded->ok());
    CHECK(loaded->error_text() == "#truepipe: rules line 2, column 15 (" + path.string() +
                                      "): expected \"days\" after 5, found weeks");
}

TEST_CASE("a text with a line break or without .rules is inline rules") {
    sandbox box;
    CHECK(value_of(load_text("stall-limit 12 days")).default_stall_limit == 12);
    CHECK(value_of(load_text("stage \"A\"\nstage \"B\"")).stages.size() == 2);
    CHECK(value_of(load_text("# about x.rules\nstall-limit 8 days")).default_stall_limit == 8);
    const auto loaded = load_text("stage \"A\"\nstage \"B\"\nstage \"a\"");
    CHECK_FALSE(loaded->ok());
    CHECK(loaded->error_text() ==
          "#truepipe: rules line 3, column 7 (inline): stage \"a\" is already defined on line 1");
}

TEST_CASE("cells give one line per cell, row by row") {
    sandbox box;
    const std::vector<cell> column = {cell::of_text("stage \"A\" stall-limit 4 days"), cell::empty_cell(),
                                      cell::of_text("  stage \"B\"  closed")};
    const auto loaded = load_cells(column, 3, 1);  // holds the rules while `value` is used
    const rules& value = value_of(loaded);
    REQUIRE(value.stages.size() == 2);
    CHECK(value.stages[0].stall_limit == 4);
    CHECK(value.stages[1].closed);

    const std::vector<cell> grid = {cell::of_text("stage \"A\""), cell::of_text("stage \"B\""),
                                    cell::empty_cell(), cell::of_text("stage \"C\"")};
    CHECK(value_of(load_cells(grid, 2, 2)).known_stages() == "A, B, C");
}

TEST_CASE("an error in cells names the row") {
    sandbox box;
    const std::vector<cell> column = {cell::of_text("stage \"A\""), cell::empty_cell(), cell::of_number(42)};
    CHECK(load_cells(column, 3, 1)->error_text() ==
          "#truepipe: rules line 3, column 1 (rules range, row 3): expected a keyword (" + keywords +
              "), found 42");
    const std::vector<cell> decimal = {cell::of_number(2.5)};
    CHECK(load_cells(decimal, 1, 1)->error_text() ==
          "#truepipe: rules line 1, column 1 (rules range, row 1): expected a keyword (" + keywords +
              "), found 2.5");
}

TEST_CASE("an error in a wider range names the row and the column") {
    sandbox box;
    // Row-major: line 5 is the second row's second cell of a 4-wide range.
    const std::vector<cell> grid = {cell::of_text("stage \"A\""), cell::empty_cell(),
                                    cell::empty_cell(),           cell::empty_cell(),
                                    cell::empty_cell(),           cell::of_text("stage \"B\" wieght 1"),
                                    cell::empty_cell(),           cell::empty_cell()};
    const auto loaded = load_cells(grid, 2, 4);
    REQUIRE(loaded->error);
    CHECK(loaded->error->line == 6);
    CHECK(loaded->error->origin == "rules range, row 2, column 2");
    CHECK(loaded->error_text() ==
          "#truepipe: rules line 6, column 11 (rules range, row 2, column 2): unknown "
          "stage option \"wieght\", did you mean \"weight\"?");
    // A one-row range is a vector too, but its cells are columns: name both.
    const std::vector<cell> row = {cell::of_text("stage \"A\""), cell::of_text("stge \"B\"")};
    CHECK(load_cells(row, 1, 2)->error->origin == "rules range, row 1, column 2");
}

TEST_CASE("a cell holding several lines still names its own row") {
    sandbox box;
    const std::vector<cell> column = {cell::of_text("stage \"A\"\nstage \"B\""),
                                      cell::of_text("# x\r\n# y\r"), cell::of_text("stage \"C\"\r"),
                                      cell::of_text("stage \"a\"")};
    const auto loaded = load_cells(column, 4, 1);
    REQUIRE(loaded->error);
    CHECK(loaded->error->line == 8);  // 2 + 3 (a trailing break ends a blank line) + 2 + 1
    CHECK(loaded->error_text() ==
          "#truepipe: rules line 8, column 7 (rules range, row 4): stage \"a\" is already defined on line 1");
}

// What the add-in does with a workbook: names cells relative to a top-left cell.
class fake_sheet : public cell_namer {
public:
    fake_sheet(std::string sheet, std::size_t first_row, char first_column)
        : sheet_(std::move(sheet)), first_row_(first_row), first_column_(first_column) {}

    std::optional<std::string> name_of(std::size_t row, std::size_t column) const override {
        asked.emplace_back(row, column);
        if (sheet_.empty()) return std::nullopt;  // a host that cannot tell
        return fmt::format("{}!{}{}", sheet_, char(first_column_ + column), first_row_ + row);
    }

    mutable std::vector<std::pair<std::size_t, std::size_t>> asked;

private:
    std::string sheet_;
    std::size_t first_row_;
    char first_column_;
};

TEST_CASE("a host that knows where the range is gets the cell as the origin") {
    sandbox box;
    const std::vector<cell> column = {cell::of_text("stage \"A\""), cell::empty_cell(),
                                      cell::of_text("stage \"B\" stall-limt 4 days")};
    const fake_sheet rules_sheet("Rules", 5, 'A');
    const auto argument = rules_argument::of_cells(range_view{column, 3, 1}, &rules_sheet);
    const auto loaded = load_rules(argument);
    CHECK(loaded->error_text(argument) ==
          "#truepipe: rules line 3, column 11 (Rules!A7): unknown stage option \"stall-limt\", did you mean "
          "\"stall-limit\"?");
    CHECK(loaded->located_error(argument).detailed() ==
          "line 3, column 11 (Rules!A7): unknown stage option \"stall-limt\", did you mean \"stall-limit\"?\n"
          "stage \"B\" stall-limt 4 days\n"
          "          ^");
    // The cached parse keeps the range's own wording for the next cell that asks.
    CHECK(load_rules(rules_argument::of_cells(range_view{column, 3, 1}))->error_text() ==
          "#truepipe: rules line 3, column 11 (rules range, row 3): unknown stage option \"stall-limt\", did "
          "you mean \"stall-limit\"?");
    // The same rules moved elsewhere are named where they are now.
    const fake_sheet moved("Team", 2, 'C');
    CHECK(loaded->located_error(rules_argument::of_cells(range_view{column, 3, 1}, &moved)).origin ==
          "Team!C4");

    const std::vector<cell> grid = {cell::of_text("stage \"A\""), cell::of_text("stge")};
    CHECK(load_rules(rules_argument::of_cells(range_view{grid, 1, 2}, &rules_sheet))
              ->error_text(rules_argument::of_cells(range_view{grid, 1, 2}, &rules_sheet))
              .starts_with("#truepipe: rules line 2, column 1 (Rules!B5): "));
}

TEST_CASE("a duplicate in another cell names that cell") {
    sandbox box;
    const std::vector<cell> column = {cell::of_text("stage \"Demo\""), cell::of_text("advance \"meeting\""),
                                      cell::of_text("stage \"demo\"")};
    const fake_sheet rules_sheet("Rules", 1, 'A');
    const auto argument = rules_argument::of_cells(range_view{column, 3, 1}, &rules_sheet);
    CHECK(load_rules(argument)->error_text(argument) ==
          "#truepipe: rules line 3, column 7 (Rules!A3): stage \"demo\" is already defined in Rules!A1");

    // Both lines in one cell: the cell is the origin, the line tells them apart.
    const std::vector<cell> one_cell = {cell::of_text("calendar business-days\ncalendar calendar-days")};
    const auto single = rules_argument::of_cells(range_view{one_cell, 1, 1}, &rules_sheet);
    CHECK(load_rules(single)->error_text(single) ==
          "#truepipe: rules line 2, column 10 (Rules!A1): calendar is already set on line 1");
}

TEST_CASE("a text from one cell is named by that cell, a file by its path") {
    sandbox box;
    const fake_sheet rules_sheet("Rules", 2, 'B');
    const auto inline_text = rules_argument::of_text("stage \"A\"\nstage \"B\" weight 2", &rules_sheet);
    CHECK(load_rules(inline_text)->error_text(inline_text) ==
          "#truepipe: rules line 2, column 18 (Rules!B2): weight 2 is more than 1");

    const fs::path path = box.write("bad.rules", "stge\n");
    const std::string path_text = path.string();
    const auto file = rules_argument::of_text(path_text, &rules_sheet);
    CHECK(load_rules(file)->located_error(file).origin == path_text);
    CHECK(rules_sheet.asked.size() == 1);  // the file never asked for a cell

    // A host that cannot tell keeps the range's wording.
    const fake_sheet unknown("", 1, 'A');
    const std::vector<cell> column = {cell::of_text("stge")};
    const auto argument = rules_argument::of_cells(range_view{column, 1, 1}, &unknown);
    CHECK(load_rules(argument)->located_error(argument).origin == "rules range, row 1");
    CHECK(unknown.asked.size() == 1);
}

TEST_CASE("a text too large for any line is not placed in a cell") {
    sandbox box;
    const fake_sheet rules_sheet("Rules", 1, 'A');
    const std::string huge(1024 * 1024 + 1, '#');
    const std::vector<cell> column = {cell::of_text(huge)};
    const auto argument = rules_argument::of_cells(range_view{column, 1, 1}, &rules_sheet);
    const auto loaded = load_rules(argument);
    REQUIRE(loaded->error);
    CHECK(loaded->located_error(argument).origin == "rules range");
    CHECK(rules_sheet.asked.empty());
}

TEST_CASE("the same text in a range of another width names other cells") {
    sandbox box;
    const std::vector<cell> cells = {cell::of_text("stage \"A\""), cell::of_text("stge")};
    CHECK(load_cells(cells, 2, 1)->error->origin == "rules range, row 2");
    CHECK(load_cells(cells, 1, 2)->error->origin == "rules range, row 1, column 2");
    CHECK(load_text("stage \"A\"\nstge")->error->origin == "inline");
}

TEST_CASE("a rules file is read by absolute path or from ~/") {
    sandbox box;
    const fs::path path = box.write("team/pipeline.rules", "stall-limit 11 days\nstage \"A\"\n");
    CHECK(value_of(load_text(path.string())).default_stall_limit == 11);
    CHECK(value_of(load_text("  " + path.string() + "  ")).default_stall_limit == 11);
    CHECK(value_of(load_text("~/team/pipeline.rules")).default_stall_limit == 11);
}

TEST_CASE("file problems are clear texts") {
    sandbox box;
    CHECK(load_text("team/pipeline.rules")->error_text() ==
          "#truepipe: rules file path must be absolute or start with ~/: team/pipeline.rules");
    const fs::path missing = box.root() / "missing.rules";
    CHECK(load_text(missing.string())->error_text() ==
          "#truepipe: rules file " + missing.string() + " does not exist");
    const fs::path folder = box.root() / "folder.rules";
    fs::create_directories(folder);
    CHECK(load_text(folder.string())->error_text() ==
          "#truepipe: rules file " + folder.string() + " is a folder, not a file");
    const fs::path upper = box.write("TEAM.RULES", "stall-limit 3 days");
    CHECK(load_text(upper.string())->error_text() ==
          "#truepipe: rules file " + upper.string() + " is not named *.rules; only *.rules files are read");
    const fs::path broken = box.write("broken.rules", "stall-limit 3 days\n\nstage \"X\" weight 2\n");
    CHECK(load_text(broken.string())->error_text() ==
          "#truepipe: rules line 3, column 18 (" + broken.string() + "): weight 2 is more than 1");
}

TEST_CASE("a path too long to read is shown by its first 300 characters") {
    const std::string relative = std::string(5000, 'x') + ".rules";
    CHECK(load_text(relative)->error_text() ==
          "#truepipe: rules file path must be absolute or start with ~/: " + std::string(300, 'x') +
              "\u2026");
    const std::string absolute = "/tmp/" + std::string(5000, 'x') + ".rules";
    CHECK(load_text(absolute)->error_text() ==
          "#truepipe: cannot open rules file /tmp/" + std::string(295, 'x') + "\u2026: File name too long");
}

TEST_CASE("empty cells after the last rules line are no lines") {
    std::vector<cell> cells(20'000, cell::empty_cell());
    cells[0] = cell::of_text("stall-limit 4 days");
    CHECK(value_of(load_rules(rules_argument::of_cells({cells, cells.size(), 1}))).default_stall_limit == 4);
}

TEST_CASE("symlinks are followed, but only to *.rules files") {
    sandbox box;
    const fs::path real = box.write("real/team.rules", "stall-limit 6 days");
    fs::create_symlink(real, box.root() / "link.rules");
    CHECK(value_of(load_text((box.root() / "link.rules").string())).default_stall_limit == 6);

    const fs::path secret = box.write("secret.txt", "stall-limit 6 days");
    const fs::path disguised = box.root() / "disguised.rules";
    fs::create_symlink(secret, disguised);
    CHECK(load_text(disguised.string())->error_text() == "#truepipe: rules file " + disguised.string() +
                                                             " leads to " + secret.string() +
                                                             "; only *.rules files are read");
}

TEST_CASE("files larger than 1 MiB are refused before reading") {
    sandbox box;
    std::string exactly;
    for (int i = 0; i < 8192; ++i) exactly += "#" + std::string(126, 'x') + "\n";
    REQUIRE(exactly.size() == 1024 * 1024);
    const fs::path fits = box.write("fits.rules", exactly);
    CHECK(value_of(load_text(fits.string())).stages.empty());
    const fs::path big = box.write("big.rules", exactly + "#");
    CHECK(load_text(big.string())->error_text() ==
          "#truepipe: rules file " + big.string() +
              " is 1048577 bytes; at most 1048576 bytes (1 MiB) are read");
}

TEST_CASE("the cache parses identical text once") {
    sandbox box;
    const auto first = load_text("stage \"A\"\nstage \"B\"");
    const auto second = load_text("stage \"A\"\nstage \"B\"");
    const std::vector<cell> cells = {cell::of_text("stage \"A\""), cell::of_text("stage \"B\"")};
    const auto third = load_cells(cells, 2, 1);
    const auto fourth = load_cells(cells, 2, 1);
    CHECK(first == second);
    // A range's errors name its rows, so it is cached apart from the same inline text.
    CHECK(first != third);
    CHECK(third == fourth);
    CHECK(rules_cache_statistics().parses == 2);
    CHECK(rules_cache_statistics().hits == 2);
    load_text("stage \"C\"");
    CHECK(rules_cache_statistics().parses == 3);
    const auto broken = load_text("stge");
    CHECK(load_text("stge") == broken);
    CHECK(rules_cache_statistics().parses == 4);
    clear_rules_cache();
    CHECK(rules_cache_statistics().parses == 0);
    CHECK(rules_cache_statistics().hits == 0);
}

TEST_CASE("the cache finds a range by what its cells hold, wherever they are kept") {
    sandbox box;
    const std::vector<std::string> lines = {"stage \"A\" stall-limit 14 days weight 0.6", "stage \"B\""};
    const auto cells_of = [](const std::vector<std::string>& texts) {
        std::vector<cell> cells;
        for (const auto& text : texts) cells.push_back(cell::of_text(text));
        return cells;
    };
    std::shared_ptr<const loaded_rules> first;
    {
        const std::vector<std::string> copy = lines;  // gone before the next lookup
        first = load_cells(cells_of(copy), 2, 1);
    }
    CHECK(load_cells(cells_of(lines), 2, 1) == first);
    CHECK(rules_cache_statistics().parses == 1);
    CHECK(rules_cache_statistics().hits == 1);

    // A change of the same length in the middle of a line is another text.
    std::vector<std::string> edited = lines;
    edited[0].replace(edited[0].find("14"), 2, "15");
    CHECK(value_of(load_cells(cells_of(edited), 2, 1)).stages[0].stall_limit == 15);
    CHECK(rules_cache_statistics().parses == 2);
    CHECK(rules_cache_statistics().hits == 1);
}

TEST_CASE("editing a rules file takes effect at the next call") {
    sandbox box;
    const fs::path path = box.write("team.rules", "stall-limit 10 days");
    CHECK(value_of(load_text(path.string())).default_stall_limit == 10);
    CHECK(value_of(load_text(path.string())).default_stall_limit == 10);
    CHECK(rules_cache_statistics().parses == 1);
    CHECK(rules_cache_statistics().hits == 1);

    const auto before = fs::last_write_time(path);
    box.write("team.rules", "stall-limit 20 days");
    fs::last_write_time(path, before + std::chrono::seconds(5));
    CHECK(value_of(load_text(path.string())).default_stall_limit == 20);
    CHECK(rules_cache_statistics().parses == 2);
}

TEST_CASE("an edit that keeps the size and modification time is still seen") {
    sandbox box;
    const fs::path path = box.write("team.rules", "stall-limit 10 days");
    CHECK(value_of(load_text(path.string())).default_stall_limit == 10);
    const auto before = fs::last_write_time(path);
    box.write("team.rules", "stall-limit 20 days");
    fs::last_write_time(path, before);  // the status change time still moves
    CHECK(value_of(load_text(path.string())).default_stall_limit == 20);
}

TEST_CASE("a link that leads elsewhere is followed again") {
    sandbox box;
    const fs::path first = box.write("first.rules", "stall-limit 6 days");
    const fs::path second = box.write("second.rules", "stall-limit 9 days");
    const fs::path secret = box.write("secret.txt", "stall-limit 12 days");
    const fs::path link = box.root() / "team.rules";
    fs::create_symlink(first, link);
    CHECK(value_of(load_text(link.string())).default_stall_limit == 6);
    CHECK(value_of(load_text(link.string())).default_stall_limit == 6);
    fs::remove(link);
    fs::create_symlink(second, link);
    CHECK(value_of(load_text(link.string())).default_stall_limit == 9);
    fs::remove(link);
    fs::create_symlink(secret, link);
    CHECK(load_text(link.string())->error_text() == "#truepipe: rules file " + link.string() + " leads to " +
                                                        secret.string() + "; only *.rules files are read");
    fs::remove(link);
    CHECK(load_text(link.string())->error_text() ==
          "#truepipe: rules file " + link.string() + " does not exist");
}

TEST_CASE("the user's default file is looked up again when it appears or goes") {
    sandbox box;
    CHECK(&value_of(load_rules(rules_argument::omitted())) == &builtin_rules());
    box.write(".config/truepipe/default.rules", "stall-limit 4 days");
    CHECK(value_of(load_rules(rules_argument::omitted())).default_stall_limit == 4);
    CHECK(value_of(load_rules(rules_argument::omitted())).default_stall_limit == 4);
    setenv("XDG_CONFIG_HOME", (box.root() / "xdg").c_str(), 1);
    CHECK(&value_of(load_rules(rules_argument::omitted())) == &builtin_rules());
    box.write("xdg/truepipe/default.rules", "stall-limit 8 days");
    CHECK(value_of(load_rules(rules_argument::omitted())).default_stall_limit == 8);
    fs::remove(box.root() / "xdg/truepipe/default.rules");
    CHECK(&value_of(load_rules(rules_argument::omitted())) == &builtin_rules());
}

TEST_CASE("the cache stays bounded during what-if editing") {
    sandbox box;
    for (int i = 1; i <= 300; ++i) load_text(fmt::format("stall-limit {} days", i));
    CHECK(rules_cache_statistics().parses == 300);
    load_text("stall-limit 300 days");  // recent: still cached
    CHECK(rules_cache_statistics().hits == 1);
    load_text("stall-limit 1 days");  // evicted long ago
    CHECK(rules_cache_statistics().parses == 301);
}

TEST_CASE("threads share one parsed model") {
    sandbox box;
    const std::string text = "stage \"A\"\nadvance \"x\"";
    std::vector<std::shared_ptr<const loaded_rules>> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 500; ++i) results[t] = load_text(text);
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& result : results) CHECK(result == results[0]);
    CHECK(rules_cache_statistics().parses >= 1);
    CHECK(rules_cache_statistics().parses <= 4);
    CHECK(rules_cache_statistics().parses + rules_cache_statistics().hits == 2000);
}

TEST_CASE("a range with fewer cells than rows x columns is read safely") {
    sandbox box;
    const std::vector<cell> cells = {cell::of_text("stage \"A\"")};
    CHECK(value_of(load_cells(cells, 5, 5)).stages.size() == 1);
}

TEST_CASE("a FIFO named *.rules is refused without being opened") {
    sandbox box;
    const fs::path fifo = make_fifo(box.root() / "x.rules");
    CHECK(bounded_error(fifo.string(), fifo) ==
          "#truepipe: rules file " + fifo.string() + " is not a regular file");
    CHECK(no_reader(fifo));
    CHECK(bounded_error("~/x.rules", fifo) ==
          "#truepipe: rules file " + fifo.string() + " is not a regular file");
    CHECK(no_reader(fifo));
}

TEST_CASE("a device is refused without being read, by its own name and through a *.rules link") {
    sandbox box;
    CHECK(bounded_error("/dev/zero") ==
          "#truepipe: rules file /dev/zero is not named *.rules; only *.rules files are read");
    const fs::path link = box.root() / "zero.rules";
    fs::create_symlink("/dev/zero", link);
    CHECK(bounded_error(link.string()) ==
          "#truepipe: rules file " + link.string() + " is not a regular file");
}

TEST_CASE("a one-line path that is not *.rules says so and is never read") {
    sandbox box;
    CHECK(load_text("/etc/passwd")->error_text() ==
          "#truepipe: rules file /etc/passwd is not named *.rules; only *.rules files are read");
    // Rules that would load, in a file not named *.rules: refused all the same.
    box.write("notes.txt", "stall-limit 5 days");
    CHECK(load_text("~/notes.txt")->error_text() ==
          "#truepipe: rules file ~/notes.txt is not named *.rules; only *.rules files are read");
    const fs::path notes = box.root() / "notes.txt";
    CHECK(load_text("  " + notes.string() + " ")->error_text() ==
          "#truepipe: rules file " + notes.string() + " is not named *.rules; only *.rules files are read");
    CHECK(
        load_text("/home/me/Team Rules/pipeline.txt")->error_text() ==
        "#truepipe: rules file /home/me/Team Rules/pipeline.txt is not named *.rules; only *.rules files are "
        "read");
    // Several lines are rules text, whatever the first one says.
    CHECK(load_text("/etc/passwd\nstall-limit 5 days")->error_text() ==
          "#truepipe: rules line 1, column 1 (inline): expected a keyword (" + keywords +
              "), found /etc/passwd");
}

TEST_CASE("a 2 GiB sparse *.rules file is refused on its size, before it is opened") {
    sandbox box;
    const fs::path sparse = make_sparse(box.root() / "huge.rules", two_gib);
    CHECK(bounded_error(sparse.string()) ==
          "#truepipe: rules file " + sparse.string() +
              " is 2147483648 bytes; at most 1048576 bytes (1 MiB) are read");
}

TEST_CASE("a path through .. is refused before anything is looked up") {
    sandbox box;
    box.write("b.rules", "stall-limit 5 days");
    fs::create_directories(box.root() / "a");
    const std::string up = (box.root() / "a/../b.rules").string();
    CHECK(load_text(up)->error_text() == "#truepipe: rules file path must not contain \"..\": " + up);
    // Not "does not exist": the folder that is gone up from is never asked for.
    const std::string missing = (box.root() / "gone/../b.rules").string();
    CHECK(load_text(missing)->error_text() ==
          "#truepipe: rules file path must not contain \"..\": " + missing);
    CHECK(load_text("~/a/../b.rules")->error_text() ==
          "#truepipe: rules file path must not contain \"..\": " + up);
    CHECK(load_text("~/../" + box.root().filename().string() + "/b.rules")->error_text() ==
          "#truepipe: rules file path must not contain \"..\": " +
              (box.root() / ".." / box.root().filename() / "b.rules").string());
    // A name that merely starts with two dots is a name.
    box.write("..team.rules", "stall-limit 7 days");
    CHECK(value_of(load_text((box.root() / "..team.rules").string())).default_stall_limit == 7);
}

TEST_CASE("a default file that is a FIFO, a device, huge, a folder or a link elsewhere is refused") {
    sandbox box;
    setenv("XDG_CONFIG_HOME", (box.root() / "xdg").c_str(), 1);
    const fs::path path = box.root() / "xdg/truepipe/default.rules";
    const std::string named = "#truepipe: rules file " + path.string();

    make_fifo(path);
    CHECK(bounded_default_error(path) == named + " is not a regular file");
    CHECK(no_reader(path));
    fs::remove(path);

    fs::create_symlink("/dev/zero", path);
    CHECK(bounded_default_error() == named + " is not a regular file");
    fs::remove(path);

    make_sparse(path, two_gib);
    CHECK(bounded_default_error() == named + " is 2147483648 bytes; at most 1048576 bytes (1 MiB) are read");
    fs::remove(path);

    fs::create_directories(path);
    CHECK(bounded_default_error() == named + " is a folder, not a file");
    fs::remove(path);

    const fs::path secret = box.write("secret.txt", "stall-limit 12 days");
    fs::create_symlink(secret, path);
    CHECK(bounded_default_error() ==
          named + " leads to " + secret.string() + "; only *.rules files are read");
    fs::remove(path);

    CHECK(&value_of(load_rules(rules_argument::omitted())) == &builtin_rules());
}

TEST_CASE("a default file reached through .. in XDG_CONFIG_HOME is refused") {
    sandbox box;
    box.write("xdg/truepipe/default.rules", "stall-limit 5 days");
    fs::create_directories(box.root() / "other");
    setenv("XDG_CONFIG_HOME", (box.root() / "other/../xdg").c_str(), 1);
    CHECK(load_rules(rules_argument::omitted())->error_text() ==
          "#truepipe: rules file path must not contain \"..\": " +
              (box.root() / "other/../xdg/truepipe/default.rules").string());
}

TEST_CASE("a file swapped after its check is not read: a FIFO, another file, a file grown too large") {
    sandbox box;
    const fs::path path = box.write("team.rules", "stall-limit 5 days");
    const detail::file_identity checked = identity_of(path);
    CHECK(detail::read_checked(path, checked, path).text == "stall-limit 5 days");
    // Kept under another name, so that no file made below can be given its inode.
    fs::create_hard_link(path, box.root() / "kept");

    // A FIFO put in its place: opened without waiting, refused, closed.
    const fs::path fifo = make_fifo(box.root() / "fifo.rules");
    fs::rename(fifo, path);
    const auto from_fifo = bounded([&] { return detail::read_checked(path, checked, path); }, path);
    CHECK_FALSE(from_fifo.text);
    CHECK(from_fifo.problem == "rules file " + path.string() + " is not a regular file");
    CHECK(no_reader(path));

    // Another regular file, even a *.rules one, is not the file that was checked.
    const fs::path other = box.write("other.rules", "stall-limit 9 days");
    fs::rename(other, path);
    const auto from_other = detail::read_checked(path, checked, path);
    CHECK_FALSE(from_other.text);
    CHECK(from_other.problem ==
          "rules file " + path.string() +
              " was replaced by another file while it was being opened; nothing was read");

    // A link put in its place is a swap too.
    fs::remove(path);
    fs::create_symlink(box.write("elsewhere.rules", "stall-limit 9 days"), path);
    CHECK(detail::read_checked(path, checked, path).problem ==
          "rules file " + path.string() +
              " was replaced by another file while it was being opened; nothing was read");

    // The same file, grown past 1 MiB since its check.
    const fs::path grown = box.write("grown.rules", "stall-limit 5 days");
    const detail::file_identity small = identity_of(grown);
    fs::resize_file(grown, two_gib);
    CHECK(detail::read_checked(grown, small, grown).problem ==
          "rules file " + grown.string() + " is 2147483648 bytes; at most 1048576 bytes (1 MiB) are read");
}

TEST_CASE("a file swapped for a FIFO again and again never blocks a load") {
    sandbox box;
    const fs::path path = box.write("team.rules", "stall-limit 5 days");
    // One FIFO, always reachable by this name, so that a load stuck opening it can be let go.
    const fs::path fifo = make_fifo(box.root() / "fifo");
    const fs::path next = box.root() / "next.rules";
    // Stopped and joined however the test ends.
    std::jthread swapper([&](const std::stop_token& stop) {
        for (bool to_fifo = true; !stop.stop_requested(); to_fifo = !to_fifo) {
            if (to_fifo)
                ::link(fifo.c_str(), next.c_str());
            else
                std::ofstream(next, std::ios::binary) << "stall-limit 5 days";
            ::rename(next.c_str(), path.c_str());
        }
    });
    const std::string text = path.string();
    const std::string not_regular = "#truepipe: rules file " + text + " is not a regular file";
    const std::string replaced = "#truepipe: rules file " + text +
                                 " was replaced by another file while it was being opened; nothing was read";
    int read = 0;
    int refused = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string error = bounded_error(text, fifo);
        if (error.empty()) {
            ++read;
            continue;
        }
        ++refused;
        if (error != not_regular && error != replaced) {
            FAIL_CHECK(error);
            break;
        }
    }
    swapper.request_stop();
    swapper.join();
    MESSAGE(read << " loads read the file, " << refused << " were refused");
    CHECK(read + refused == 2000);
    CHECK(no_reader(fifo));
}

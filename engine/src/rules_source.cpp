#include <truepipe/rules_source.hpp>

#include "rules_cache.hpp"
#include "rules_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include <sys/stat.h>

namespace truepipe {

namespace {

namespace fs = std::filesystem;

using detail::file_identity;
using detail::loaded_ptr;
using detail::rules_origin;
using detail::rules_probe;

// What one stat() of a path says about the file it leads to, as the bytes of a
// cache key: another file, an edit (the status change time moves even when size
// and modification time are kept), or a link now leading elsewhere gives other
// bytes.
class file_stamp {
public:
    static std::optional<file_stamp> of(const fs::path& path) {
        struct stat seen {};
        if (::stat(path.c_str(), &seen) != 0) return std::nullopt;
        file_stamp stamp;
        stamp.identity_ = {std::uint64_t(seen.st_dev), std::uint64_t(seen.st_ino)};
        for (const auto field : {std::uint64_t(seen.st_dev), std::uint64_t(seen.st_ino),
                                 std::uint64_t(seen.st_size), std::uint64_t(seen.st_mode),
                                 std::uint64_t(seen.st_mtim.tv_sec), std::uint64_t(seen.st_mtim.tv_nsec),
                                 std::uint64_t(seen.st_ctim.tv_sec), std::uint64_t(seen.st_ctim.tv_nsec)})
            stamp.append(field);
        return stamp;
    }

    std::string_view bytes() const { return {bytes_.data(), size_}; }
    file_identity identity() const { return identity_; }

private:
    void append(std::uint64_t field) {
        std::memcpy(bytes_.data() + size_, &field, sizeof field);
        size_ += sizeof field;
    }

    std::array<char, 8 * sizeof(std::uint64_t)> bytes_{};
    std::size_t size_ = 0;
    file_identity identity_;
};

// A file's cache key: its path as the user wrote it, then its stamp.
struct file_key {
    file_key(const fs::path& path, const file_stamp& stamp)
        : cells{cell::of_text(path.native()), cell::of_text(stamp.bytes())} {}

    rules_probe probe() const { return {rules_origin::file, {cells, 2, 1}}; }

    std::array<cell, 2> cells;
};

loaded_ptr problem(std::string text) {
    auto loaded = std::make_shared<loaded_rules>();
    loaded->error = diagnostic::of_rules_source(std::move(text));
    return loaded;
}

// Made before any call so that these reports need no allocation.
const loaded_ptr out_of_memory = problem("not enough memory to load the rules");
const loaded_ptr unexpected_failure = problem("could not load the rules because of an unexpected failure");

loaded_ptr builtin_loaded() {
    // Aliasing constructor: shares ownership with nothing, points at the static model.
    static const loaded_ptr value = [] {
        auto loaded = std::make_shared<loaded_rules>();
        loaded->value = std::shared_ptr<const rules>(std::shared_ptr<const rules>(), &builtin_rules());
        return loaded;
    }();
    return value;
}

loaded_ptr parse_into_loaded(std::string_view text, std::string_view origin) {
    auto loaded = std::make_shared<loaded_rules>();
    auto result = parse_rules(text, origin);
    if (auto* parsed = std::get_if<rules>(&result))
        loaded->value = std::make_shared<const rules>(std::move(*parsed));
    else
        loaded->error = std::get<diagnostic>(std::move(result));
    return loaded;
}

// The rules text of a range: one line per cell, row by row. Empty cells before
// the last line stay as blank lines, so line L of a one-column range is its row L; a cell holding line
// breaks gives several lines, and first_lines remembers where each cell starts so
// an error can still name its cell.
struct cells_rules {
    std::string text;
    std::vector<int> first_lines;  // per cell, the 1-based line it starts on
    std::size_t columns = 1;
};

cells_rules read_cells(const range_view& cells) {
    cells_rules result;
    result.columns = std::max<std::size_t>(cells.columns, 1);
    // Empty cells after the last line are no lines at all, so a whole column
    // (Rules.A:A, a million cells) reads as the lines it holds.
    std::size_t count = std::min(cells.cells.size(), cells.rows * cells.columns);
    while (count > 0 && cells.cells[count - 1].is_empty()) --count;
    result.first_lines.reserve(count);
    int line = 1;
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) {
            result.text += '\n';
            ++line;
        }
        result.first_lines.push_back(line);
        const cell& value = cells.cells[i];
        if (value.is_number()) {
            result.text += number_text(value.number);
            continue;
        }
        if (!value.is_text()) continue;
        // Every break becomes one \n: the parser would read "\r" + the separator
        // "\n" as a single break and the cell count would drift.
        const std::string_view text = value.text;
        for (std::size_t k = 0; k < text.size(); ++k) {
            if (text[k] == '\r' || text[k] == '\n') {
                if (text[k] == '\r' && k + 1 < text.size() && text[k + 1] == '\n') ++k;
                result.text += '\n';
                ++line;
            } else {
                result.text += text[k];
            }
        }
    }
    return result;
}

// The cell (row and column in the range) that line `line` of the text came from.
std::optional<loaded_rules::cell_position> cell_of_line(const cells_rules& cells, int line) {
    const auto after = std::upper_bound(cells.first_lines.begin(), cells.first_lines.end(), line);
    if (line <= 0 || after == cells.first_lines.begin()) return std::nullopt;
    const auto index = std::size_t(after - cells.first_lines.begin() - 1);
    return loaded_rules::cell_position{index / cells.columns, index % cells.columns};
}

// "rules range, row 3" or, wider than one column, "rules range, row 3, column 2":
// the origin when the host cannot say where the range is.
std::string cell_origin(const cells_rules& cells, const std::optional<loaded_rules::cell_position>& at) {
    if (!at) return "rules range";
    if (cells.columns == 1) return fmt::format("rules range, row {}", at->row + 1);
    return fmt::format("rules range, row {}, column {}", at->row + 1, at->column + 1);
}

loaded_ptr load_inline(std::string_view text, std::string_view origin) {
    const cell value = cell::of_text(text);
    const rules_probe probe(rules_origin::text, range_view::single(value));
    if (auto hit = detail::find_cached(probe)) return hit;
    return detail::add_cached(probe, parse_into_loaded(text, origin));
}

// `path` is the file as the user named it (after ~/ expansion): errors show it so
// rather than where links lead.
loaded_ptr load_checked_file(const fs::path& path, std::optional<file_identity> stamped, bool& swapped) {
    const auto read = detail::read_rules_file(path, stamped);
    swapped = read.swapped;
    if (!read.text) return problem(read.problem);
    return parse_into_loaded(*read.text, detail::shown_path(path.native()));
}

// 100,000 cells naming one file each ask for it: when a single stat() shows
// the same file as a call before, its rules are answered at once. Otherwise every
// check runs (links resolved, regular *.rules file, size) and the file is read.
loaded_ptr load_file_once(const fs::path& path, bool& swapped) {
    const auto stamp = file_stamp::of(path);
    if (!stamp) return load_checked_file(path, std::nullopt, swapped);  // it says why
    const file_key key(path, *stamp);
    if (auto hit = detail::find_cached(key.probe())) return hit;
    // Only the file that stat() saw is read, so the text is what the key says.
    loaded_ptr loaded = load_checked_file(path, stamp->identity(), swapped);
    // Only a read file is remembered: a problem (no such file, a folder...) is
    // looked at again on the next call.
    if (loaded->ok() || loaded->error->what != diagnostic::kind::rules_source)
        return detail::add_cached(key.probe(), std::move(loaded));
    return loaded;
}

// A file saved while it is read (an editor renames a new file over the old one)
// is read again: only a file replaced again and again is an error.
loaded_ptr load_file(const fs::path& path) {
    if (auto refused = detail::path_problem(path)) return problem(std::move(*refused));
    constexpr int attempts = 5;
    loaded_ptr loaded;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        bool swapped = false;
        loaded = load_file_once(path, swapped);
        if (!swapped) break;
    }
    return loaded;
}

// default_rules_path() without building the path on every call: cells that omit
// the rules ask for it each time.
std::shared_ptr<const fs::path> current_default_path() {
    static std::mutex mutex;
    static std::string config, home;
    static std::shared_ptr<const fs::path> path;
    const char* config_now = std::getenv("XDG_CONFIG_HOME");
    const char* home_now = std::getenv("HOME");
    const std::lock_guard lock(mutex);
    if (!path || config != (config_now ? config_now : "") || home != (home_now ? home_now : "")) {
        config = config_now ? config_now : "";
        home = home_now ? home_now : "";
        path = std::make_shared<const fs::path>(default_rules_path());
    }
    return path;
}

loaded_ptr load_default() {
    const auto path = current_default_path();
    struct stat seen {};
    // No file there (not even a dangling link): the built-in rules.
    if (path->empty() || ::lstat(path->c_str(), &seen) != 0) return builtin_loaded();
    return load_file(*path);
}

loaded_ptr load_path(std::string_view text) {
    if (text.starts_with("~/")) {
        const char* home = std::getenv("HOME");
        if (home == nullptr || *home == '\0')
            return problem(fmt::format("cannot expand ~/ in {}: HOME is not set", detail::shown_path(text)));
        return load_file(fs::path(home) / text.substr(2));
    }
    const fs::path path(text);
    if (!path.is_absolute())
        return problem(
            fmt::format("rules file path must be absolute or start with ~/: {}", detail::shown_path(text)));
    return load_file(path);
}

loaded_ptr load_text(std::string_view text) {
    const std::string_view trimmed = trim(text, " \t\r\n");
    if (trimmed.empty()) return load_default();
    const bool one_line = text.find_first_of("\r\n") == std::string_view::npos;
    if (one_line && detail::has_rules_extension(trimmed, true)) return load_path(trimmed);
    // No rules line starts so: a path to a file that is not *.rules ("/etc/passwd")
    // is told so, rather than shown as a parse error, and is never read.
    if (one_line && (trimmed.starts_with('/') || trimmed.starts_with("~/")))
        return problem(detail::not_named_rules(trimmed));
    return load_inline(text, "inline");
}

loaded_ptr load_cells(const range_view& range) {
    const rules_probe probe(rules_origin::cells, range);
    if (detail::blank_cells(probe)) return load_default();
    if (auto hit = detail::find_cached(probe)) return hit;
    const cells_rules cells = read_cells(range);
    auto loaded = std::make_shared<loaded_rules>();
    auto result = parse_rules(cells.text, "rules range");
    if (auto* parsed = std::get_if<rules>(&result)) {
        loaded->value = std::make_shared<const rules>(std::move(*parsed));
    } else {
        diagnostic error = std::get<diagnostic>(std::move(result));
        if (error.about != diagnostic::scope::text) {
            loaded->error_cell = cell_of_line(cells, error.line);
            error.origin = cell_origin(cells, loaded->error_cell);
        }
        if (error.earlier) loaded->earlier_cell = cell_of_line(cells, error.earlier->line);
        loaded->error = std::move(error);
    }
    return detail::add_cached(probe, std::move(loaded));
}

}  // namespace

diagnostic loaded_rules::located_error(const rules_argument& from) const {
    diagnostic located = *error;
    if (from.namer == nullptr || located.what == diagnostic::kind::rules_source) return located;
    std::optional<cell_position> at = error_cell;
    std::optional<cell_position> earlier = earlier_cell;
    // A text from a single cell: every line is in that cell. A file keeps its path.
    if (from.from == rules_argument::kind::text && located.origin == "inline") {
        at = cell_position{};
        if (located.earlier) earlier = cell_position{};
    }
    if (at && located.about != diagnostic::scope::text) {
        if (auto name = from.namer->name_remembered(at->row, at->column, places))
            located.origin = std::move(*name);
    }
    // A duplicate in another cell names that cell; in the same cell, its line.
    const bool same_cell = at && earlier && at->row == earlier->row && at->column == earlier->column;
    if (earlier && located.earlier && !same_cell) {
        if (auto name = from.namer->name_remembered(earlier->row, earlier->column, places))
            located.earlier->cell = std::move(*name);
    }
    return located;
}

std::string loaded_rules::error_text(const rules_argument& from) const {
    return error ? located_error(from).cell_text() : std::string();
}

std::optional<std::string> host_places::find(const void* document) const {
    const std::lock_guard lock(mutex_);
    for (const auto& known : entries_)
        if (known.document == document) return known.place;
    return std::nullopt;
}

void host_places::remember(const void* document, std::string place) const {
    const std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const entry& known) { return known.document == document; });
    if (entries_.size() >= max_documents) entries_.erase(entries_.begin());
    entries_.push_back({document, std::move(place)});
}

fs::path default_rules_path() {
    // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config == '/') {
        return fs::path(config) / "truepipe" / "default.rules";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return fs::path(home) / ".config" / "truepipe" / "default.rules";
    }
    return {};
}

std::shared_ptr<const loaded_rules> load_rules(const rules_argument& argument) {
    try {
        switch (argument.from) {
            case rules_argument::kind::omitted:
                return load_default();
            case rules_argument::kind::cells:
                return load_cells(argument.cells);
            case rules_argument::kind::text:
                return load_text(argument.text);
        }
        return problem("unknown kind of rules argument");
    } catch (const std::bad_alloc&) {
        return out_of_memory;
    } catch (const std::exception& failure) {
        try {
            return problem(fmt::format("could not load the rules: {}", failure.what()));
        } catch (...) {
            return unexpected_failure;
        }
    } catch (...) {
        return unexpected_failure;
    }
}

}  // namespace truepipe

#pragma once
// Reading a rules file that a workbook names. What may be read is decided on the
// path: no ".." in it, a regular file named *.rules (and, when it is a link, one
// that leads to a *.rules file), at most 1 MiB. The file is then opened once,
// without waiting and without following a link, and the open descriptor is
// checked again before anything is read, so that a file swapped between the
// check and the read (for a FIFO, a device, another or a larger file) is never
// read and never blocks the caller.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace truepipe::detail {

inline constexpr std::uintmax_t max_rules_file_bytes = 1024 * 1024;

// Which file a stat() saw.
struct file_identity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;

    bool operator==(const file_identity&) const = default;
};

// A file's text, or why it was not read: the sentence of a rules_source diagnostic.
struct file_text {
    std::optional<std::string> text;
    std::string problem;
    // The file was replaced between the checks and the read (an editor saving
    // it by renaming a new file over it): reading it again may well succeed.
    bool swapped = false;
};

bool has_rules_extension(std::string_view name, bool ignore_case);

// A path as messages show it: whole, unless absurdly long.
std::string shown_path(std::string_view path);

// What makes `path` unreadable before the file system is asked anything about
// it: a ".." component.
std::optional<std::string> path_problem(const std::filesystem::path& path);

// "rules file X is not named *.rules; only *.rules files are read"
std::string not_named_rules(std::string_view path);

// The checks on the path, then read_checked(). `path` is the file as the user
// named it (after ~/ expansion), which messages show rather than where links
// lead. `stamped`, when given, is the file the caller's own stat() saw: any
// other file is not read, so that the caller may key the text by that stat().
file_text read_rules_file(const std::filesystem::path& path, std::optional<file_identity> stamped);

// The read alone: opens `real`, a path with no link left in it, and reads it
// when the open descriptor is the regular file `checked`, of at most 1 MiB.
file_text read_checked(const std::filesystem::path& real, file_identity checked,
                       const std::filesystem::path& shown);

}  // namespace truepipe::detail

#include "rules_file.hpp"

#include <truepipe/diagnostic.hpp>
#include <truepipe/rules.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace truepipe::detail {

namespace {

namespace fs = std::filesystem;

file_identity identity_of(const struct stat& seen) {
    return {std::uint64_t(seen.st_dev), std::uint64_t(seen.st_ino)};
}

file_text refused(std::string problem) { return {std::nullopt, std::move(problem)}; }

std::string file_problem(const fs::path& path, const std::error_code& error) {
    if (error == std::errc::no_such_file_or_directory)
        return fmt::format("rules file {} does not exist", shown_path(path.native()));
    return fmt::format("cannot open rules file {}: {}", shown_path(path.native()), error.message());
}

std::string cannot_read(const fs::path& path, int error) {
    return fmt::format("cannot read rules file {}: {}", shown_path(path.native()), std::strerror(error));
}

std::string not_regular(const fs::path& path) {
    return fmt::format("rules file {} is not a regular file", shown_path(path.native()));
}

std::string replaced(const fs::path& path) {
    return fmt::format(
        "rules file {} was replaced by another file while it was being opened; nothing was read",
        shown_path(path.native()));
}

file_text swapped(const fs::path& path) { return {std::nullopt, replaced(path), true}; }

std::string too_large(const fs::path& path, std::uintmax_t size) {
    return fmt::format("rules file {} is {} bytes; at most {} bytes (1 MiB) are read",
                       shown_path(path.native()), size, max_rules_file_bytes);
}

// Closes the file however the read ends.
class descriptor {
public:
    explicit descriptor(int value) : value_(value) {}
    ~descriptor() {
        if (value_ >= 0) ::close(value_);
    }
    descriptor(const descriptor&) = delete;
    descriptor& operator=(const descriptor&) = delete;

    int get() const { return value_; }

private:
    int value_;
};

}  // namespace

std::string shown_path(std::string_view path) {
    // Shown whole unless absurdly long: a file name is at most 255 bytes.
    constexpr std::size_t shown_path_characters = 300;
    return shortened(path, shown_path_characters);
}

bool has_rules_extension(std::string_view name, bool ignore_case) {
    constexpr std::string_view extension = ".rules";
    if (name.size() < extension.size()) return false;
    const auto tail = name.substr(name.size() - extension.size());
    return ignore_case ? fold_name(tail) == extension : tail == extension;
}

std::optional<std::string> path_problem(const fs::path& path) {
    for (const auto& part : path) {
        if (part == "..")
            return fmt::format("rules file path must not contain \"..\": {}", shown_path(path.native()));
    }
    return std::nullopt;
}

std::string not_named_rules(std::string_view path) {
    return fmt::format("rules file {} is not named *.rules; only *.rules files are read", shown_path(path));
}

file_text read_rules_file(const fs::path& path, std::optional<file_identity> stamped) {
    std::error_code error;
    const fs::path real = fs::canonical(path, error);
    if (error) return refused(file_problem(path, error));
    struct stat seen {};
    if (::stat(real.c_str(), &seen) != 0)
        return refused(file_problem(path, std::error_code(errno, std::generic_category())));
    if (S_ISDIR(seen.st_mode))
        return refused(fmt::format("rules file {} is a folder, not a file", shown_path(path.native())));
    if (!S_ISREG(seen.st_mode)) return refused(not_regular(path));
    if (!has_rules_extension(path.filename().string(), false)) return refused(not_named_rules(path.native()));
    // A link named x.rules must not turn any other file into rules.
    if (!has_rules_extension(real.filename().string(), false)) {
        return refused(fmt::format("rules file {} leads to {}; only *.rules files are read",
                                   shown_path(path.native()), shown_path(real.native())));
    }
    // Refused here, before it is opened: a 2 GiB file is never touched.
    if (std::uintmax_t(seen.st_size) > max_rules_file_bytes) return refused(too_large(path, seen.st_size));
    if (stamped && *stamped != identity_of(seen)) return swapped(path);
    return read_checked(real, identity_of(seen), path);
}

file_text read_checked(const fs::path& real, file_identity checked, const fs::path& shown) {
    // O_NONBLOCK: a FIFO put there since the check opens at once rather than
    // waiting for a writer (and is then refused); O_NOFOLLOW: `real` had no link
    // left, so a link now is a swap; O_NOCTTY: a terminal never becomes Calc's.
    const descriptor file(::open(real.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW));
    if (file.get() < 0) return errno == ELOOP ? swapped(shown) : refused(cannot_read(shown, errno));
    struct stat opened {};
    if (::fstat(file.get(), &opened) != 0) return refused(cannot_read(shown, errno));
    if (!S_ISREG(opened.st_mode)) return refused(not_regular(shown));
    if (identity_of(opened) != checked) return swapped(shown);
    if (std::uintmax_t(opened.st_size) > max_rules_file_bytes)
        return refused(too_large(shown, opened.st_size));
    // Room for the size fstat() saw and a byte more, so that a file grown since
    // is seen; it grows up to one byte more than allowed.
    std::string text(std::size_t(opened.st_size) + 1, '\0');
    std::size_t size = 0;
    while (true) {
        if (size == text.size()) {
            if (text.size() > max_rules_file_bytes) break;
            text.resize(std::min<std::size_t>(text.size() * 2, max_rules_file_bytes + 1));
        }
        const ssize_t got = ::read(file.get(), text.data() + size, text.size() - size);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return refused(cannot_read(shown, errno));
        if (got == 0) break;
        size += std::size_t(got);
    }
    if (size > max_rules_file_bytes) return refused(too_large(shown, size));
    text.resize(size);
    return {std::move(text), {}};
}

}  // namespace truepipe::detail

#pragma once
// A fresh folder per test, doubling as HOME with no default rules file, so the
// user's real configuration never leaks into a test. Shared by the unit tests
// that load rules.

#include <truepipe/rules_source.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace truepipe::testing {

namespace fs = std::filesystem;

class sandbox {
public:
    sandbox() {
        std::string pattern = (fs::temp_directory_path() / "truepipe-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        root_ = pattern;
        remember("HOME");
        remember("XDG_CONFIG_HOME");
        setenv("HOME", root_.c_str(), 1);
        unsetenv("XDG_CONFIG_HOME");
        clear_rules_cache();
    }
    ~sandbox() {
        for (const auto& [name, value] : saved_) {
            if (value)
                setenv(name.c_str(), value->c_str(), 1);
            else
                unsetenv(name.c_str());
        }
        std::error_code ignored;
        fs::remove_all(root_, ignored);
        clear_rules_cache();
    }
    sandbox(const sandbox&) = delete;
    sandbox& operator=(const sandbox&) = delete;

    const fs::path& root() const { return root_; }

    fs::path write(const fs::path& relative, std::string_view text) const {
        const fs::path path = root_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

private:
    void remember(const std::string& name) {
        const char* value = std::getenv(name.c_str());
        saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
    }

    fs::path root_;
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace truepipe::testing

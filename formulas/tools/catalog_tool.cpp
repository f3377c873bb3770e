#include "catalog_tool.hpp"

#include <truepipe/catalog_text.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace truepipe::tools {

namespace {

std::string read_all(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Written only when it changes, so that the build does not redo what depends on it.
bool write_if_changed(const char* path, const std::string& text) {
    if (read_all(path) == text) return true;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return bool(out);
}

int usage() {
    std::cerr << "usage: idl FILE | json FILE | readme FILE [--check]\n";
    return 2;
}

int update_readme(const char* path, bool check_only, const catalog_files& catalog) {
    const std::string readme = read_all(path);
    if (readme.empty()) {
        std::cerr << fmt::format("cannot read {}\n", path);
        return 1;
    }
    const reference_update updated = update_reference(readme, catalog.functions);
    if (!updated.problem.empty()) {
        std::cerr << updated.problem << '\n';
        return 1;
    }
    if (updated.text == readme) return 0;
    if (check_only) {
        std::cerr << fmt::format(
            "{}: the function reference differs from the catalog; run scripts/update-reference.sh\n", path);
        return 1;
    }
    return write_if_changed(path, updated.text) ? 0 : 1;
}

}  // namespace

int run_catalog_tool(int argc, char** argv, const catalog_files& catalog) {
    if (argc < 3) return usage();
    const std::string_view command = argv[1];
    const char* path = argv[2];
    if (command == "idl" && argc == 3)
        return write_if_changed(path, render_idl(catalog.interface_name, catalog.purpose, catalog.functions))
                   ? 0
                   : 1;
    if (command == "json" && argc == 3) return write_if_changed(path, render_json(catalog.functions)) ? 0 : 1;
    if (command == "readme" && (argc == 3 || (argc == 4 && std::string_view(argv[3]) == "--check")))
        return update_readme(path, argc == 4, catalog);
    return usage();
}

}  // namespace truepipe::tools

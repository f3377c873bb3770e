#pragma once
// The command line of the programs that write the files made from a function
// catalog (the release functions' and the benchmark functions'):
//   idl FILE                 the UNO interface
//   json FILE                the listing the LibreOffice tests read
//   readme FILE [--check]    the README's reference blocks, rewritten in place
//                            (with --check: only say whether they are current)

#include <truepipe/catalog.hpp>

#include <span>
#include <string_view>

namespace truepipe::tools {

struct catalog_files {
    std::string_view interface_name;  // e.g. XFunctions
    std::string_view purpose;         // the IDL file's opening comment
    std::span<const function_info> functions;
};

int run_catalog_tool(int argc, char** argv, const catalog_files& catalog);

}  // namespace truepipe::tools

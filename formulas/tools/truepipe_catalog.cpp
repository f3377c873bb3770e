// Writes the files made from the release functions' catalog; see catalog_tool.hpp.

#include "catalog_tool.hpp"

int main(int argc, char** argv) {
    constexpr std::string_view purpose =
        "The spreadsheet functions as Calc sees them. Calc stores a formula as\n"
        "\"<service name>.<method>\" in every saved workbook, so the service name\n"
        "org.truepipe.Functions and these method names are part of the file format:\n"
        "never rename them. Display names (STALL_DAYS, ...) come from XAddIn.\n"
        "\n"
        "Parameter types follow what Calc hands to an add-in:\n"
        "- sequence< sequence< any > >: a required cell, range or constant; text stays\n"
        "  text and empty cells of a range arrive empty;\n"
        "- any: an optional argument (omitted arrives as VOID);\n"
        "- the leading XPropertySet is hidden from the user: it is the calling\n"
        "  workbook, which gives its NullDate and lets a rules error name its cell.";
    try {
        return truepipe::tools::run_catalog_tool(argc, argv,
                                                 {"XFunctions", purpose, truepipe::function_catalog()});
    } catch (...) {
        return 1;
    }
}

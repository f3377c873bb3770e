#pragma once
// Texts made from the function catalog, so that nothing describing a function
// is written twice: the add-in's UNO interface (IDL, generated at build time),
// the README's reference block of each function, and a JSON listing that the
// LibreOffice tests read.

#include <truepipe/catalog.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace truepipe {

// A whole IDL file declaring `interface_name` in module org::truepipe, one
// method per function: the hidden document argument first, then the catalog's
// arguments. `purpose` is the file's opening comment, one sentence per line.
std::string render_idl(std::string_view interface_name, std::string_view purpose,
                       std::span<const function_info> functions);

// The Markdown reference of one function: a heading with its signature and
// result, its description, and one line per argument.
std::string render_reference(const function_info& function);

// The README with every function's reference block (the text between its two
// marker lines) generated again. A missing or unknown block is an error naming
// the function; the result is then empty and `problem` says why.
struct reference_update {
    std::string text;
    std::string problem;
};
reference_update update_reference(std::string_view readme, std::span<const function_info> functions);

// The marker lines around a function's block.
std::string reference_begin_marker(std::string_view display_name);
std::string reference_end_marker(std::string_view display_name);

// [{"method": ..., "display_name": ..., "result": ..., "arguments": [{"name": ...,
// "optional": ...}, ...]}, ...]
std::string render_json(std::span<const function_info> functions);

}  // namespace truepipe

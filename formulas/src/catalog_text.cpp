#include <truepipe/catalog_text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace truepipe {

namespace {

// "advance_dates" -> "advanceDates": UNO identifiers may not hold underscores
// where Calc shows them.
std::string camel_case(std::string_view name) {
    std::string out;
    bool upper = false;
    for (const char c : name) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

// How each result type is written: in the IDL, in the README's headings, and in
// the listing the tests read.
struct result_names {
    std::string_view idl, reference, json;
};

constexpr result_names names_of(result_type result) {
    switch (result) {
        case result_type::number_or_error:
            return {"any", "number", "number_or_error"};
        case result_type::text:
            return {"string", "text", "text"};
        case result_type::number:
            return {"double", "number", "number"};
    }
    return {"any", "number", "number_or_error"};
}

std::string signature(const function_info& function) {
    std::string text = fmt::format("{}(", function.display_name);
    for (std::size_t i = 0; i < function.arguments.size(); ++i) {
        const auto& argument = function.arguments[i];
        if (i > 0) text += "; ";
        text += argument.optional ? fmt::format("[{}]", argument.name) : std::string(argument.name);
    }
    return text + ")";
}

std::string idl_method(const function_info& function) {
    const std::string head = fmt::format("    {} {}(", names_of(function.result).idl, function.method);
    const std::string indent(head.size(), ' ');
    std::string text = head + "[in] com::sun::star::beans::XPropertySet document";
    for (const auto& argument : function.arguments) {
        const std::string_view type = argument.form == argument_form::table ? "com::sun::star::table::XCellRange"
                                      : argument.optional                   ? "any"
                                                                            : "sequence< sequence< any > >";
        text += fmt::format(",\n{}[in] {} {}", indent, type, camel_case(argument.name));
    }
    return text + ");\n";
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += fmt::format("\\{}", c);
        else if (static_cast<unsigned char>(c) < 0x20)
            out += fmt::format("\\u{:04x}", int(c));
        else
            out += c;
    }
    return out + "\"";
}

}  // namespace

std::string render_idl(std::string_view interface_name, std::string_view purpose,
                       std::span<const function_info> functions) {
    std::string text;
    for (std::size_t start = 0; start < purpose.size();) {
        const std::size_t stop = std::min(purpose.find('\n', start), purpose.size());
        const std::string_view line = purpose.substr(start, stop - start);
        text += line.empty() ? std::string("//\n") : fmt::format("// {}\n", line);
        start = stop + 1;
    }
    text += "//\n// Generated from the function catalog (formulas/src/catalog.cpp) at build time.\n\n";
    text += "#include <com/sun/star/uno/XInterface.idl>\n#include <com/sun/star/beans/XPropertySet.idl>\n";
    text += "#include <com/sun/star/table/XCellRange.idl>\n\n";
    text += fmt::format(
        "module org {{ module truepipe {{\n\ninterface {} : com::sun::star::uno::XInterface\n{{\n",
        interface_name);
    for (std::size_t i = 0; i < functions.size(); ++i) {
        if (i > 0) text += '\n';
        text += idl_method(functions[i]);
    }
    return text + "};\n\n}; };\n";
}

std::string render_reference(const function_info& function) {
    std::string text = fmt::format("### {} -> {}\n{}\n", signature(function),
                                   names_of(function.result).reference, function.description);
    if (!function.arguments.empty()) text += '\n';
    for (const auto& argument : function.arguments) {
        text += fmt::format("- `{}`{}: {}\n", argument.name, argument.optional ? " (optional)" : "",
                            argument.description);
    }
    return text;
}

std::string reference_begin_marker(std::string_view display_name) {
    return fmt::format(
        "<!-- reference: {} (generated from formulas/src/catalog.cpp by "
        "scripts/update-reference.sh) -->",
        display_name);
}

std::string reference_end_marker(std::string_view display_name) {
    return fmt::format("<!-- end of reference: {} -->", display_name);
}

namespace {

// A block for a function the catalog does not have: its name, or nothing.
std::optional<std::string> unknown_block(std::string_view text, std::span<const function_info> functions) {
    constexpr std::string_view prefix = "<!-- reference: ";
    for (std::size_t at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
        const std::size_t name_start = at + prefix.size();
        const std::string_view name = text.substr(name_start, text.find(' ', name_start) - name_start);
        const auto known = [&](const function_info& function) { return function.display_name == name; };
        if (std::none_of(functions.begin(), functions.end(), known)) return std::string(name);
    }
    return std::nullopt;
}

}  // namespace

reference_update update_reference(std::string_view readme, std::span<const function_info> functions) {
    std::string text(readme);
    for (const auto& function : functions) {
        const std::string begin = reference_begin_marker(function.display_name) + "\n";
        const std::string end = reference_end_marker(function.display_name);
        const std::size_t start = text.find(begin);
        const std::size_t stop = start == std::string::npos ? start : text.find(end, start);
        if (stop == std::string::npos) {
            return {{},
                    fmt::format("the README has no reference block for {}: put these two lines where it "
                                "belongs and run scripts/update-reference.sh\n{}{}",
                                function.display_name, begin, end)};
        }
        text.replace(start + begin.size(), stop - start - begin.size(), render_reference(function));
    }
    if (const auto name = unknown_block(text, functions))
        return {
            {},
            fmt::format("the README has a reference block for {}, which the catalog does not have", *name)};
    return {std::move(text), {}};
}

std::string render_json(std::span<const function_info> functions) {
    std::string text = "[\n";
    for (std::size_t i = 0; i < functions.size(); ++i) {
        const auto& function = functions[i];
        text += fmt::format(
            "  {{\"method\": {}, \"display_name\": {}, \"result\": \"{}\", \"description\": {},\n",
            json_string(function.method), json_string(function.display_name), names_of(function.result).json,
            json_string(function.description));
        text += "   \"arguments\": [";
        for (std::size_t a = 0; a < function.arguments.size(); ++a) {
            const auto& argument = function.arguments[a];
            text += fmt::format("{}{{\"name\": {}, \"optional\": {}, \"table\": {}, \"description\": {}}}",
                                a > 0 ? ",\n      " : "\n      ", json_string(argument.name),
                                argument.optional ? "true" : "false",
                                argument.form == argument_form::table ? "true" : "false",
                                json_string(argument.description));
        }
        text += fmt::format("]}}{}\n", i + 1 < functions.size() ? "," : "");
    }
    return text + "]\n";
}

}  // namespace truepipe

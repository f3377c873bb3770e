#include "catalog_addin.hpp"

#include "convert.hpp"

namespace truepipe::addin {

namespace detail {

namespace {

const function_info* function_named(const component_names& names, const rtl::OUString& method) {
    std::string name;
    append_utf8(name, method);
    return names.find(name);
}

// The catalog's argument for Calc's raw parameter index, or nullptr for the
// hidden workbook argument (every method's first, which Calc counts when it asks
// for argument names and the catalog does not) and out-of-range indexes.
const argument_info* argument_at(const function_info& function, sal_Int32 raw_index) {
    const sal_Int32 index = raw_index - 1;
    if (index < 0 || static_cast<std::size_t>(index) >= function.arguments.size()) return nullptr;
    return &function.arguments[static_cast<std::size_t>(index)];
}

}  // namespace

rtl::OUString ascii(std::string_view text) noexcept {
    try {
        return from_utf8(text);
    } catch (...) {
        return {};
    }
}

rtl::OUString programmatic_name(const component_names& names, const rtl::OUString& display_name) noexcept {
    try {
        for (const auto& function : names.functions) {
            if (display_name.equalsIgnoreAsciiCase(from_utf8(function.display_name)))
                return from_utf8(function.method);
        }
    } catch (...) {
    }
    return {};
}

rtl::OUString function_text(const component_names& names, const rtl::OUString& method,
                            std::string_view function_info::*field) noexcept {
    try {
        if (const function_info* function = function_named(names, method)) return from_utf8(function->*field);
    } catch (...) {
    }
    return {};
}

rtl::OUString argument_text(const component_names& names, const rtl::OUString& method, sal_Int32 raw_index,
                            std::string_view argument_info::*field) noexcept {
    try {
        if (const function_info* function = function_named(names, method)) {
            if (const argument_info* argument = argument_at(*function, raw_index))
                return from_utf8(argument->*field);
        }
    } catch (...) {
    }
    return {};
}

com::sun::star::uno::Sequence<rtl::OUString> service_names(const component_names& names) noexcept {
    try {
        com::sun::star::uno::Sequence<rtl::OUString> services(2);
        services.getArray()[0] = "com.sun.star.sheet.AddIn";
        services.getArray()[1] = from_utf8(names.service_name);
        return services;
    } catch (...) {
        return {};
    }
}

}  // namespace detail

}  // namespace truepipe::addin

// fmt's implementation, compiled once for everything built with the engine.
// fmt's header-only mode would compile it again in every source that formats
// (about six of the eight seconds each of them takes); here the other sources
// see only fmt's declarations and link these definitions. fmt's shared library
// is never linked: LibreOffice does not bring it, so the add-in must not need it.
//
// The instantiations are those of char that fmt's declarations leave to its
// compiled part (fmt 9 and 10 alike). Each of this file's functions sits in a
// section of its own and the add-in is linked with --gc-sections, so what fmt
// offers and truepipe never calls (printing to a FILE*, among them) is not in
// the library Calc loads (tests/package/test_security.py).
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void vformat_to(buffer<char>&, string_view, format_args, locale_ref);

}  // namespace detail
FMT_END_NAMESPACE

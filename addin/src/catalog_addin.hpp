#pragma once
// What Calc asks every add-in component besides its functions (XAddIn,
// XServiceName, XServiceInfo), answered from a function catalog. The release
// component and the benchmark's each give theirs. Every entry point catches
// everything: an exception escaping into Calc would take the user's unsaved
// work down with it.

#include <truepipe/catalog.hpp>

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <cppuhelper/implbase4.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <rtl/ustring.hxx>

#include <span>
#include <string_view>

namespace truepipe::addin {

// One component: its functions and the names Calc knows it by. The service name
// is the prefix of every formula a workbook stores (ORG.TRUEPIPE.FUNCTIONS.STALLDAYS).
struct component_names {
    std::span<const function_info> functions;
    const function_info* (*find)(std::string_view method);  // by method name, exactly
    std::string_view service_name;
    std::string_view implementation_name;
};

namespace detail {

rtl::OUString programmatic_name(const component_names& names, const rtl::OUString& display_name) noexcept;
rtl::OUString function_text(const component_names& names, const rtl::OUString& method,
                            std::string_view function_info::*field) noexcept;
rtl::OUString argument_text(const component_names& names, const rtl::OUString& method, sal_Int32 raw_index,
                            std::string_view argument_info::*field) noexcept;
com::sun::star::uno::Sequence<rtl::OUString> service_names(const component_names& names) noexcept;
rtl::OUString ascii(std::string_view text) noexcept;

}  // namespace detail

template <typename Functions>
class catalog_addin
    : public cppu::WeakImplHelper4<Functions, com::sun::star::sheet::XAddIn,
                                   com::sun::star::lang::XServiceName, com::sun::star::lang::XServiceInfo> {
public:
    explicit catalog_addin(const component_names& names) : names_(names) {}

    // XAddIn
    rtl::OUString SAL_CALL getProgrammaticFuntionName(const rtl::OUString& display_name) override {
        return detail::programmatic_name(names_, display_name);
    }
    rtl::OUString SAL_CALL getDisplayFunctionName(const rtl::OUString& method) override {
        return detail::function_text(names_, method, &function_info::display_name);
    }
    rtl::OUString SAL_CALL getFunctionDescription(const rtl::OUString& method) override {
        return detail::function_text(names_, method, &function_info::description);
    }
    rtl::OUString SAL_CALL getDisplayArgumentName(const rtl::OUString& method, sal_Int32 argument) override {
        return detail::argument_text(names_, method, argument, &argument_info::name);
    }
    rtl::OUString SAL_CALL getArgumentDescription(const rtl::OUString& method, sal_Int32 argument) override {
        return detail::argument_text(names_, method, argument, &argument_info::description);
    }
    rtl::OUString SAL_CALL getProgrammaticCategoryName(const rtl::OUString& method) override {
        return detail::function_text(names_, method, &function_info::category);
    }
    rtl::OUString SAL_CALL getDisplayCategoryName(const rtl::OUString& method) override {
        return getProgrammaticCategoryName(method);
    }

    // XLocalizable: texts are English for now; the locale is kept for Calc.
    void SAL_CALL setLocale(const com::sun::star::lang::Locale& locale) override { locale_ = locale; }
    com::sun::star::lang::Locale SAL_CALL getLocale() override { return locale_; }

    // XServiceName
    rtl::OUString SAL_CALL getServiceName() override { return detail::ascii(names_.service_name); }

    // XServiceInfo
    rtl::OUString SAL_CALL getImplementationName() override {
        return detail::ascii(names_.implementation_name);
    }
    sal_Bool SAL_CALL supportsService(const rtl::OUString& name) override {
        return cppu::supportsService(this, name);
    }
    com::sun::star::uno::Sequence<rtl::OUString> SAL_CALL getSupportedServiceNames() override {
        return detail::service_names(names_);
    }

private:
    const component_names& names_;
    com::sun::star::lang::Locale locale_;
};

}  // namespace truepipe::addin

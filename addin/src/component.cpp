// The UNO component Calc loads: XAddIn answers come from the function catalog,
// each function converts its arguments once and hands them to formulas/.
// Every entry point catches everything: an exception escaping into Calc would
// take the user's unsaved work down with it.

#include "convert.hpp"

#include <truepipe/catalog.hpp>
#include <truepipe/formulas.hpp>

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <cppuhelper/factory.hxx>
#include <cppuhelper/implbase4.hxx>
#include <cppuhelper/implbase5.hxx>
#include <cppuhelper/implementationentry.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <org/truepipe/XFunctions.hpp>
#ifdef TRUEPIPE_BENCH
#include <org/truepipe/XBenchFunctions.hpp>
#endif

#include <fmt/format.h>

#include <exception>
#include <span>
#include <string_view>
#include <vector>

namespace truepipe::addin {
namespace {

using com::sun::star::beans::XPropertySet;
using com::sun::star::lang::Locale;
using rtl::OUString;
using any_rows = uno::Sequence<uno::Sequence<uno::Any>>;

constexpr std::string_view service_name = "org.truepipe.Functions";
constexpr std::string_view implementation_name = "org.truepipe.FunctionsImpl";
constexpr std::string_view addin_service = "com.sun.star.sheet.AddIn";

OUString to_ustring(std::string_view text) { return from_utf8(text); }

std::string to_utf8(const OUString& text) {
    std::string out;
    append_utf8(out, text);
    return out;
}

#ifdef TRUEPIPE_BENCH
// The benchmark build's extra functions, for the Function Wizard and formulas.
constexpr argument_info coverage_floor_arguments[] = {
    {"amounts", "as REAL_COVERAGE"},       {"stages", "as REAL_COVERAGE"},
    {"advance_dates", "as REAL_COVERAGE"}, {"close_dates", "as REAL_COVERAGE"},
    {"target", "as REAL_COVERAGE"},        {"as_of", "as REAL_COVERAGE", true},
    {"rules", "as REAL_COVERAGE", true}};
constexpr argument_info stall_floor_arguments[] = {
    {"advance_dates", "as STALL_DAYS"}, {"as_of", "as STALL_DAYS", true}, {"rules", "as STALL_DAYS", true}};
constexpr argument_info advance_floor_arguments[] = {{"outcomes", "as ADVANCE_RATE"},
                                                     {"rules", "as ADVANCE_RATE", true}};
constexpr argument_info tick_argument[] = {{"tick", "anything; a new value recalculates", true}};
constexpr function_info bench_functions[] = {
    {"benchCoverageFloor", "TRUEPIPE_FLOOR_COVERAGE",
     "Benchmark: takes REAL_COVERAGE's arguments, returns the row count", "Add-In", coverage_floor_arguments},
    {"benchStallFloor", "TRUEPIPE_FLOOR_STALL", "Benchmark: takes STALL_DAYS's arguments, returns 0",
     "Add-In", stall_floor_arguments},
    {"benchAdvanceFloor", "TRUEPIPE_FLOOR_ADVANCE",
     "Benchmark: takes ADVANCE_RATE's arguments, returns the row count", "Add-In", advance_floor_arguments},
    {"benchRulesParses", "TRUEPIPE_RULES_PARSES", "Benchmark: rules texts parsed since the office started",
     "Add-In", tick_argument},
    {"benchRulesHits", "TRUEPIPE_RULES_HITS", "Benchmark: rules found in the cache since the office started",
     "Add-In", tick_argument},
};
#endif

std::span<const function_info> all_functions() {
#ifdef TRUEPIPE_BENCH
    static const std::vector<function_info> everything = [] {
        std::vector<function_info> all(function_catalog().begin(), function_catalog().end());
        all.insert(all.end(), std::begin(bench_functions), std::end(bench_functions));
        return all;
    }();
    return everything;
#else
    return function_catalog();
#endif
}

const function_info* function_named(const OUString& method) {
    const std::string name = to_utf8(method);
    if (const function_info* function = find_function(name)) return function;
#ifdef TRUEPIPE_BENCH
    for (const auto& function : bench_functions) {
        if (function.method == name) return &function;
    }
#endif
    return nullptr;
}

// The catalog's argument for Calc's raw parameter index, or nullptr for the
// hidden workbook argument (every method's first, which Calc counts when it asks
// for argument names and the catalog does not) and out-of-range indexes.
const argument_info* argument_at(const function_info& function, sal_Int32 raw_index) {
    const sal_Int32 index = raw_index - 1;
    if (index < 0 || static_cast<std::size_t>(index) >= function.arguments.size()) {
        return nullptr;
    }
    return &function.arguments[static_cast<std::size_t>(index)];
}

uno::Any to_any(const formula_result& result) {
    if (const double* number = std::get_if<double>(&result)) {
        return uno::Any(*number);
    }
    return uno::Any(to_ustring(std::get<std::string>(result)));
}

OUString failure_text(std::string_view function) {
    try {
        throw;
    } catch (const std::exception& e) {
        return to_ustring(fmt::format("#truepipe: {} failed: {}", function, e.what()));
    } catch (...) {
        return to_ustring(fmt::format("#truepipe: {} failed", function));
    }
}

call_context context_of(const uno::Reference<XPropertySet>& document) {
    return {document_dates(document), local_today()};
}

#ifdef TRUEPIPE_BENCH
using functions_base =
    cppu::WeakImplHelper5<org::truepipe::XFunctions, org::truepipe::XBenchFunctions,
                          com::sun::star::sheet::XAddIn, com::sun::star::lang::XServiceName,
                          com::sun::star::lang::XServiceInfo>;
#else
using functions_base =
    cppu::WeakImplHelper4<org::truepipe::XFunctions, com::sun::star::sheet::XAddIn,
                          com::sun::star::lang::XServiceName, com::sun::star::lang::XServiceInfo>;
#endif

class functions : public functions_base {
public:
    // XFunctions
    uno::Any SAL_CALL stallDays(const uno::Reference<XPropertySet>& document, const any_rows& advance_dates,
                                const uno::Any& as_of, const uno::Any& rules) override {
        try {
            const cell_block dates(advance_dates);
            const cell_block day(as_of);
            const rules_block source(rules, document);
            return to_any(stall_days(context_of(document), dates.view(), day.single(), source.argument()));
        } catch (...) {
            return uno::Any(failure_text("STALL_DAYS"));
        }
    }

    uno::Any SAL_CALL stallLimit(const uno::Reference<XPropertySet>& document, const any_rows& stage,
                                 const uno::Any& rules) override {
        try {
            const cell_block name(stage);
            const rules_block source(rules, document);
            return to_any(stall_limit(name.single(), source.argument()));
        } catch (...) {
            return uno::Any(failure_text("STALL_LIMIT"));
        }
    }

    uno::Any SAL_CALL advanceRate(const uno::Reference<XPropertySet>& document, const any_rows& outcomes,
                                  const uno::Any& rules) override {
        try {
            const cell_block conversations(outcomes);
            const rules_block source(rules, document);
            return to_any(advance_rate(conversations.view(), source.argument()));
        } catch (...) {
            return uno::Any(failure_text("ADVANCE_RATE"));
        }
    }

    uno::Any SAL_CALL realCoverage(const uno::Reference<XPropertySet>& document, const any_rows& amounts,
                                   const any_rows& stages, const any_rows& advance_dates,
                                   const any_rows& close_dates, const any_rows& target, const uno::Any& as_of,
                                   const uno::Any& rules) override {
        try {
            const cell_block amount_cells(amounts);
            const cell_block stage_cells(stages);
            const cell_block advance_cells(advance_dates);
            const cell_block close_cells(close_dates);
            const cell_block target_cell(target);
            const cell_block day(as_of);
            const rules_block source(rules, document);
            return to_any(real_coverage(context_of(document), amount_cells.view(), stage_cells.view(),
                                        advance_cells.view(), close_cells.view(), target_cell.single(),
                                        day.single(), source.argument()));
        } catch (...) {
            return uno::Any(failure_text("REAL_COVERAGE"));
        }
    }

    OUString SAL_CALL dealStatus(const uno::Reference<XPropertySet>& document, const any_rows& stage,
                                 const any_rows& advance_dates, const any_rows& close_date,
                                 const uno::Any& as_of, const uno::Any& rules) override {
        try {
            const cell_block stage_cell(stage);
            const cell_block dates(advance_dates);
            const cell_block close_cell(close_date);
            const cell_block day(as_of);
            const rules_block source(rules, document);
            return to_ustring(deal_status(context_of(document), stage_cell.single(), dates.view(),
                                          close_cell.single(), day.single(), source.argument()));
        } catch (...) {
            return failure_text("DEAL_STATUS");
        }
    }

    OUString SAL_CALL rulesCheck(const uno::Reference<XPropertySet>& document,
                                 const uno::Any& rules) override {
        try {
            const rules_block source(rules, document);
            return to_ustring(rules_check(source.argument()));
        } catch (...) {
            return failure_text("RULES_CHECK");
        }
    }

#ifdef TRUEPIPE_BENCH
    // XBenchFunctions: Calc has converted every argument before the call.
    uno::Any SAL_CALL benchCoverageFloor(const uno::Reference<XPropertySet>&, const any_rows& amounts,
                                         const any_rows&, const any_rows&, const any_rows&, const any_rows&,
                                         const uno::Any&, const uno::Any&) override {
        return uno::Any(double(amounts.getLength()));
    }

    uno::Any SAL_CALL benchStallFloor(const uno::Reference<XPropertySet>&, const any_rows&, const uno::Any&,
                                      const uno::Any&) override {
        return uno::Any(0.0);
    }

    uno::Any SAL_CALL benchAdvanceFloor(const uno::Reference<XPropertySet>&, const any_rows& outcomes,
                                        const uno::Any&) override {
        return uno::Any(double(outcomes.getLength()));
    }

    double SAL_CALL benchRulesParses(const uno::Any&) override {
        return double(rules_cache_statistics().parses);
    }
    double SAL_CALL benchRulesHits(const uno::Any&) override { return double(rules_cache_statistics().hits); }
#endif

    // XAddIn
    OUString SAL_CALL getProgrammaticFuntionName(const OUString& display_name) override {
        try {
            for (const auto& function : all_functions()) {
                if (display_name.equalsIgnoreAsciiCase(to_ustring(function.display_name))) {
                    return to_ustring(function.method);
                }
            }
        } catch (...) {
        }
        return {};
    }

    OUString SAL_CALL getDisplayFunctionName(const OUString& method) override {
        return describe(method, [](const function_info& f) { return f.display_name; });
    }

    OUString SAL_CALL getFunctionDescription(const OUString& method) override {
        return describe(method, [](const function_info& f) { return f.description; });
    }

    OUString SAL_CALL getDisplayArgumentName(const OUString& method, sal_Int32 argument) override {
        return describe_argument(method, argument, [](const argument_info& a) { return a.name; });
    }

    OUString SAL_CALL getArgumentDescription(const OUString& method, sal_Int32 argument) override {
        return describe_argument(method, argument, [](const argument_info& a) { return a.description; });
    }

    OUString SAL_CALL getProgrammaticCategoryName(const OUString& method) override {
        return describe(method, [](const function_info& f) { return f.category; });
    }

    OUString SAL_CALL getDisplayCategoryName(const OUString& method) override {
        return getProgrammaticCategoryName(method);
    }

    // XLocalizable: texts are English for now; the locale is kept for Calc.
    void SAL_CALL setLocale(const Locale& locale) override { locale_ = locale; }
    Locale SAL_CALL getLocale() override { return locale_; }

    // XServiceName: the prefix of every stored formula name.
    OUString SAL_CALL getServiceName() override { return to_ustring(service_name); }

    // XServiceInfo
    OUString SAL_CALL getImplementationName() override { return to_ustring(implementation_name); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override {
        return cppu::supportsService(this, name);
    }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override { return supported_services(); }

    static uno::Sequence<OUString> supported_services() {
        uno::Sequence<OUString> names(2);
        names.getArray()[0] = to_ustring(addin_service);
        names.getArray()[1] = to_ustring(service_name);
        return names;
    }

private:
    template <typename Field>
    static OUString describe(const OUString& method, Field field) {
        try {
            if (const function_info* function = function_named(method)) {
                return to_ustring(field(*function));
            }
        } catch (...) {
        }
        return {};
    }

    template <typename Field>
    static OUString describe_argument(const OUString& method, sal_Int32 index, Field field) {
        try {
            if (const function_info* function = function_named(method)) {
                if (const argument_info* argument = argument_at(*function, index)) {
                    return to_ustring(field(*argument));
                }
            }
        } catch (...) {
        }
        return {};
    }

    Locale locale_;
};

uno::Reference<uno::XInterface> SAL_CALL create_functions(const uno::Reference<uno::XComponentContext>&) {
    return static_cast<cppu::OWeakObject*>(new functions);
}

OUString SAL_CALL implementation_name_of() { return to_ustring(implementation_name); }

uno::Sequence<OUString> SAL_CALL service_names_of() { return functions::supported_services(); }

const cppu::ImplementationEntry entries[] = {{create_functions, implementation_name_of, service_names_of,
                                              cppu::createSingleComponentFactory, nullptr, 0},
                                             {nullptr, nullptr, nullptr, nullptr, nullptr, 0}};

}  // namespace
}  // namespace truepipe::addin

extern "C" SAL_DLLPUBLIC_EXPORT void* SAL_CALL component_getFactory(const char* implementation,
                                                                    void* service_manager,
                                                                    void* registry_key) {
    try {
        return cppu::component_getFactoryHelper(implementation, service_manager, registry_key,
                                                truepipe::addin::entries);
    } catch (...) {
        return nullptr;
    }
}

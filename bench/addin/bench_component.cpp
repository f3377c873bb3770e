// The benchmark's library: the release component and, beside it, the floors
// and cache counters of the benchmark catalog. Both live in one library so that
// the counters read the very rules cache the functions use. Its package has its
// own identifier and replaces the release package in the benchmark's private
// profile; it is never installed beside it.

#include "bench_catalog.hpp"

#include <catalog_addin.hpp>
#include <component.hpp>

#include <tables.hpp>

#include <truepipe/rules_source.hpp>

#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <cppuhelper/factory.hxx>
#include <org/truepipe/XBenchFunctions.hpp>

namespace truepipe::bench {
namespace {

namespace uno = com::sun::star::uno;
using com::sun::star::beans::XPropertySet;
using com::sun::star::table::XCellRange;
using rtl::OUString;
using any_rows = uno::Sequence<uno::Sequence<uno::Any>>;

const addin::component_names names{bench_catalog(), find_bench_function, "org.truepipe.Bench",
                                   "org.truepipe.BenchImpl"};

// Calc has converted every argument before the call: doing nothing with them is
// the point.
class bench_functions : public addin::catalog_addin<org::truepipe::XBenchFunctions> {
public:
    bench_functions() : catalog_addin(names) {}

    uno::Any SAL_CALL benchCoverageFloor(const uno::Reference<XPropertySet>&, const any_rows& amounts,
                                         const any_rows&, const any_rows&, const any_rows&, const any_rows&,
                                         const uno::Any&, const uno::Any&, const uno::Any&) override {
        return uno::Any(double(amounts.getLength()));
    }

    uno::Any SAL_CALL benchStallFloor(const uno::Reference<XPropertySet>&, const any_rows&, const uno::Any&,
                                      const uno::Any&) override {
        return uno::Any(0.0);
    }

    uno::Any SAL_CALL benchAdvanceFloor(const uno::Reference<XPropertySet>&, const any_rows& outcomes,
                                        const uno::Any&, const uno::Any&) override {
        return uno::Any(double(outcomes.getLength()));
    }

    uno::Any SAL_CALL benchWinRateFloor(const uno::Reference<XPropertySet>&, const any_rows& stages,
                                        const uno::Any&, const uno::Any&, const uno::Any&) override {
        return uno::Any(double(stages.getLength()));
    }

    // What Calc charges to hand both whole deal tables over once: each range read
    // with one getDataArray, as the add-in reads a table it does not have yet.
    uno::Any SAL_CALL benchTablesFloor(const uno::Reference<XPropertySet>&, const uno::Reference<XCellRange>& deals,
                                       const uno::Reference<XCellRange>& snapshot) override {
        try {
            double rows = 0.0;
            for (const auto& range : {deals, snapshot}) {
                const uno::Reference<com::sun::star::sheet::XCellRangeData> data(range, uno::UNO_QUERY_THROW);
                rows += double(data->getDataArray().getLength());
            }
            return uno::Any(rows);
        } catch (...) {
            return uno::Any(OUString("#truepipe: the floor could not read a table"));
        }
    }

    uno::Any SAL_CALL benchFlowFloor(const uno::Reference<XPropertySet>&, const any_rows&,
                                     const uno::Reference<XCellRange>&, const uno::Reference<XCellRange>&,
                                     const any_rows&, const uno::Any&, const uno::Any&, const uno::Any&,
                                     const uno::Any&, const uno::Any&) override {
        return uno::Any(0.0);
    }

    OUString SAL_CALL benchChangeFloor(const uno::Reference<XPropertySet>&, const any_rows&,
                                       const uno::Reference<XCellRange>&, const uno::Reference<XCellRange>&,
                                       const any_rows&, const uno::Any&, const uno::Any&, const uno::Any&,
                                       const uno::Any&) override {
        return OUString();
    }

    double SAL_CALL benchTableReads(const uno::Reference<XPropertySet>&, const uno::Any&) override {
        return double(addin::deal_table_statistics().reads);
    }

    double SAL_CALL benchTableHits(const uno::Reference<XPropertySet>&, const uno::Any&) override {
        return double(addin::deal_table_statistics().hits);
    }

    double SAL_CALL benchRulesParses(const uno::Reference<XPropertySet>&, const uno::Any&) override {
        return double(rules_cache_statistics().parses);
    }

    double SAL_CALL benchRulesHits(const uno::Reference<XPropertySet>&, const uno::Any&) override {
        return double(rules_cache_statistics().hits);
    }
};

uno::Reference<uno::XInterface> SAL_CALL create_bench(const uno::Reference<uno::XComponentContext>&) {
    return static_cast<cppu::OWeakObject*>(new bench_functions);
}

OUString SAL_CALL implementation_name_of() { return addin::detail::ascii(names.implementation_name); }

uno::Sequence<OUString> SAL_CALL service_names_of() { return addin::detail::service_names(names); }

}  // namespace
}  // namespace truepipe::bench

extern "C" SAL_DLLPUBLIC_EXPORT void* SAL_CALL component_getFactory(const char* implementation,
                                                                    void* service_manager,
                                                                    void* registry_key) {
    try {
        static const cppu::ImplementationEntry entries[] = {
            truepipe::addin::functions_entry(),
            {truepipe::bench::create_bench, truepipe::bench::implementation_name_of,
             truepipe::bench::service_names_of, cppu::createSingleComponentFactory, nullptr, 0},
            {nullptr, nullptr, nullptr, nullptr, nullptr, 0}};
        return cppu::component_getFactoryHelper(implementation, service_manager, registry_key, entries);
    } catch (...) {
        return nullptr;
    }
}

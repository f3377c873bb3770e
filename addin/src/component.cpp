// The release component Calc loads: the XAddIn answers come from the function
// catalog (catalog_addin), and each function converts its arguments once and
// hands them to formulas/. The methods are those of the interface generated
// from the catalog, so a catalog entry without its method here does not build.
// Every entry point catches everything: an exception escaping into Calc would
// take the user's unsaved work down with it.

#include "component.hpp"

#include "catalog_addin.hpp"
#include "convert.hpp"
#include "tables.hpp"

#include <truepipe/catalog.hpp>
#include <truepipe/formulas.hpp>

#include <cppuhelper/factory.hxx>
#include <org/truepipe/XFunctions.hpp>

#include <fmt/format.h>

#include <exception>
#include <stdexcept>
#include <string_view>

namespace truepipe::addin {
namespace {

using com::sun::star::beans::XPropertySet;
using com::sun::star::table::XCellRange;
using rtl::OUString;
using any_rows = uno::Sequence<uno::Sequence<uno::Any>>;

const component_names names{function_catalog(), find_function, "org.truepipe.Functions",
                            "org.truepipe.FunctionsImpl"};

OUString to_ustring(std::string_view text) { return from_utf8(text); }

uno::Any to_any(const formula_result& result) {
    if (const double* number = std::get_if<double>(&result)) {
        return uno::Any(*number);
    }
    return uno::Any(to_ustring(std::get<std::string>(result)));
}

// What a cell shows when a function failed unexpectedly; called in a catch
// block. Never throws: an exception escaping here would reach Calc.
OUString failure_text(std::string_view function) noexcept {
    try {
        try {
            throw;
        } catch (const std::exception& e) {
            return to_ustring(
                diagnostic::of_internal(fmt::format("{} failed: {}", function, e.what())).cell_text());
        } catch (...) {
            return to_ustring(diagnostic::of_internal(fmt::format("{} failed", function)).cell_text());
        }
    } catch (...) {
        return {};
    }
}

// A deal table argument: Calc hands over a range (never a value), read once
// and kept until it changes (tables.hpp).
std::shared_ptr<const read_table> table_of(const uno::Reference<XPropertySet>& document,
                                           const uno::Reference<XCellRange>& range) {
    if (!range.is()) throw std::invalid_argument("a deal table must be a range of cells");
    return deal_table(document, range);
}

call_context context_of(const uno::Reference<XPropertySet>& document) {
    return {document_dates(document), local_today()};
}

class functions : public catalog_addin<org::truepipe::XFunctions> {
public:
    functions() : catalog_addin(names) {}

    // XFunctions
    uno::Any SAL_CALL stallDays(const uno::Reference<XPropertySet>& document, const any_rows& advance_dates,
                                const uno::Any& as_of, const uno::Any& rules) override {
        try {
            const cell_block dates(advance_dates);
            const cell_block day(as_of);
            const rules_block source(rules, document);
            return to_any(stall_days(context_of(document), dates.view(), day.view(), source.argument()));
        } catch (...) {
            return uno::Any(failure_text("STALL_DAYS"));
        }
    }

    uno::Any SAL_CALL stallLimit(const uno::Reference<XPropertySet>& document, const any_rows& stage,
                                 const uno::Any& rules) override {
        try {
            const cell_block name(stage);
            const rules_block source(rules, document);
            return to_any(stall_limit(name.view(), source.argument()));
        } catch (...) {
            return uno::Any(failure_text("STALL_LIMIT"));
        }
    }

    uno::Any SAL_CALL advanceRate(const uno::Reference<XPropertySet>& document, const any_rows& outcomes,
                                  const uno::Any& rules, const uno::Any& include) override {
        try {
            const cell_block conversations(outcomes);
            const rules_block source(rules, document);
            const cell_block in_scope(include);
            return to_any(advance_rate(conversations.view(), source.argument(), in_scope.view()));
        } catch (...) {
            return uno::Any(failure_text("ADVANCE_RATE"));
        }
    }

    uno::Any SAL_CALL winRate(const uno::Reference<XPropertySet>& document, const any_rows& stages,
                              const uno::Any& amounts, const uno::Any& rules,
                              const uno::Any& include) override {
        try {
            const cell_block stage_cells(stages);
            const cell_block amount_cells(amounts);
            const rules_block source(rules, document);
            const cell_block in_scope(include);
            return to_any(
                win_rate(stage_cells.view(), amount_cells.view(), source.argument(), in_scope.view()));
        } catch (...) {
            return uno::Any(failure_text("WIN_RATE"));
        }
    }

    uno::Any SAL_CALL realCoverage(const uno::Reference<XPropertySet>& document, const any_rows& amounts,
                                   const any_rows& stages, const any_rows& advance_dates,
                                   const any_rows& close_dates, const any_rows& target, const uno::Any& as_of,
                                   const uno::Any& rules, const uno::Any& include) override {
        try {
            const cell_block amount_cells(amounts);
            const cell_block stage_cells(stages);
            const cell_block advance_cells(advance_dates);
            const cell_block close_cells(close_dates);
            const cell_block target_cell(target);
            const cell_block day(as_of);
            const rules_block source(rules, document);
            const cell_block in_scope(include);
            return to_any(real_coverage(context_of(document), amount_cells.view(), stage_cells.view(),
                                        advance_cells.view(), close_cells.view(), target_cell.view(),
                                        day.view(), source.argument(), in_scope.view()));
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
            return to_ustring(deal_status(context_of(document), stage_cell.view(), dates.view(),
                                          close_cell.view(), day.view(), source.argument()));
        } catch (...) {
            return failure_text("DEAL_STATUS");
        }
    }

    uno::Any SAL_CALL pipelineFlow(const uno::Reference<XPropertySet>& document, const any_rows& category,
                                   const uno::Reference<XCellRange>& deals,
                                   const uno::Reference<XCellRange>& snapshot, const any_rows& snapshot_date,
                                   const uno::Any& as_of, const uno::Any& period_end, const uno::Any& rules,
                                   const uno::Any& owner, const uno::Any& measure) override {
        try {
            const cell_block name(category);
            const auto today = table_of(document, deals);
            const auto before = table_of(document, snapshot);
            const cell_block taken(snapshot_date);
            const cell_block day(as_of);
            const cell_block end(period_end);
            const rules_block source(rules, document);
            const cell_block rep(owner);
            const cell_block how(measure);
            return to_any(pipeline_flow(context_of(document), name.view(), today->argument(), before->argument(),
                                        taken.view(), day.view(), end.view(), source.argument(), rep.view(),
                                        how.view()));
        } catch (...) {
            return uno::Any(failure_text("PIPELINE_FLOW"));
        }
    }

    OUString SAL_CALL dealChange(const uno::Reference<XPropertySet>& document, const any_rows& id,
                                 const uno::Reference<XCellRange>& deals, const uno::Reference<XCellRange>& snapshot,
                                 const any_rows& snapshot_date, const uno::Any& as_of, const uno::Any& period_end,
                                 const uno::Any& rules, const uno::Any& owner) override {
        try {
            const cell_block deal(id);
            const auto today = table_of(document, deals);
            const auto before = table_of(document, snapshot);
            const cell_block taken(snapshot_date);
            const cell_block day(as_of);
            const cell_block end(period_end);
            const rules_block source(rules, document);
            const cell_block rep(owner);
            return to_ustring(deal_change(context_of(document), deal.view(), today->argument(), before->argument(),
                                          taken.view(), day.view(), end.view(), source.argument(), rep.view()));
        } catch (...) {
            return failure_text("DEAL_CHANGE");
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
};

uno::Reference<uno::XInterface> SAL_CALL create_functions(const uno::Reference<uno::XComponentContext>&) {
    return static_cast<cppu::OWeakObject*>(new functions);
}

OUString SAL_CALL implementation_name_of() { return detail::ascii(names.implementation_name); }

uno::Sequence<OUString> SAL_CALL service_names_of() { return detail::service_names(names); }

}  // namespace

const cppu::ImplementationEntry& functions_entry() {
    static const cppu::ImplementationEntry entry{create_functions, implementation_name_of,
                                                 service_names_of, cppu::createSingleComponentFactory,
                                                 nullptr,          0};
    return entry;
}

}  // namespace truepipe::addin

// Fuzzes the rules parser with arbitrary bytes: it must never crash, and what it
// answers must hold together (a usable error position, or indexed rules whose
// values are within the language's ranges).

#include "fuzz_input.hpp"

#include <truepipe/rules_parser.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using namespace truepipe;
using truepipe::fuzz::require;

// Lines end at "\n", "\r\n" or a lone "\r", as the parser reads them.
std::size_t line_count(std::string_view text) {
    std::size_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (text[i] == '\n' || text[i] == '\r') ++lines;
    }
    return lines;
}

void check_error(const rules_error& error, std::string_view text) {
    const std::size_t lines = line_count(text);
    require(error.line >= 1 && std::size_t(error.line) <= lines, "error line within the text", error.brief());
    require(error.column >= 1, "error column is 1-based", error.brief());
    require(!error.message.empty(), "error says what is wrong", error.brief());
    const std::string brief = error.brief();
    require(fuzz::starts_with(brief, "line "), "brief form starts with the line", brief);
    require(fuzz::starts_with(error.detailed(), brief), "detailed form starts with the brief form",
            error.detailed());
}

void check_rules(const rules& model) {
    require(!model.summary().empty(), "summary is not empty");
    require(model.default_stall_limit >= 1 && model.default_stall_limit <= 3650, "default stall limit range",
            model.summary());
    for (const stage_rule& stage : model.stages) {
        require(model.find_stage(stage.name) == &stage, "every stage is found by its own name", stage.name);
        const int limit = model.stall_limit_of(stage);
        require(limit >= 1 && limit <= 3650, "stage stall limit range", stage.name);
        const double weight = model.weight_of(stage);
        require(weight >= 0.0 && weight <= 1.0, "stage weight range", stage.name);
        require(!stage.closed || (!stage.stall_limit && !stage.weight), "closed excludes limit and weight",
                stage.name);
    }
    for (const auto& name : model.advances)
        require(model.classify_outcome(name) == outcome_kind::advance, "an advance classifies as one", name);
    for (const auto& name : model.continuations)
        require(model.classify_outcome(name) == outcome_kind::continuation,
                "a continuation classifies as one", name);
    const auto& holidays = model.days.holidays();
    require(std::is_sorted(holidays.begin(), holidays.end()), "holidays sorted");
    std::vector<std::string> keys;
    for (const column_rule& column : model.columns) {
        require(model.find_column(column.role) == &column, "a role has one column line",
                std::string(role_name(column.role)));
        require(!column.headers.empty(), "a column line names a header", std::string(role_name(column.role)));
        for (const std::string& header : column.headers) {
            keys.push_back(header_key(header));
            require(!keys.back().empty() && keys.back() != "*", "a header is not empty, nor * alone", header);
            require(column.role != column_role::entered || keys.back().find("{stage}") != std::string::npos,
                    "an entered header has {stage}", header);
        }
    }
    std::sort(keys.begin(), keys.end());
    require(std::adjacent_find(keys.begin(), keys.end()) == keys.end(), "a header is given once");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::isolate_from_user_rules();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = parse_rules(text);
    if (const auto* error = std::get_if<rules_error>(&result))
        check_error(*error, text);
    else
        check_rules(std::get<rules>(result));
    return 0;
}

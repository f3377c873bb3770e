// Every function called from several threads at once, as Calc may call an add-in,
// each thread with rules of its own (and some shared): inline, cells, *.rules files,
// the user's default file, one file saved again while it is read, and more rules
// than the cache holds, so entries are dropped while other threads use them. Each
// answer must be the one the same call gave before the threads started. Run under
// ThreadSanitizer by the thread preset.

#include "formulas_support.hpp"
#include "rules_cache.hpp"
#include "sandbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <latch>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

constexpr std::size_t thread_count = 6;
// Three sources (inline, cells, file) of each: more keys than the cache holds.
constexpr std::size_t variant_count = 120;
static_assert(3 * variant_count > detail::max_cache_entries);

// Rules that differ in what every function answers: the stall limits, Proposal's
// weight, the calendar and what counts as an advance. Every 17th does not parse.
std::string variant_rules(std::size_t i) {
    std::string text = fmt::format(
        "calendar {}\n"
        "holiday 2026-11-26\n"
        "stall-limit {} days\n"
        "stage \"Prospecting\" not-counted\n"
        "stage \"Discovery\"   stall-limit {} days\n"
        "stage \"Proposal\"    stall-limit {} days weight {}\n"
        "stage \"Closed Won\"  won\n"
        "stage \"Closed Lost\" lost\n"
        "advance      \"Second meeting\"{}\n"
        "continuation \"Call back later\", \"Send information\"\n",
        i % 2 == 0 ? "business-days" : "calendar-days", 30 + i, 2 + i % 11, 4 + i % 7,
        number_text(0.25 + double(i) / 1000), i % 3 == 0 ? ", \"Pilot agreed\"" : "");
    if (i % 17 == 5) text += fmt::format("stage \"Discovery\" weight 0.{}\n", i);
    return text;
}

// One cell per line; the cells view `rules_text`.
std::vector<cell> lines_as_cells(std::string_view rules_text) {
    std::vector<cell> cells;
    std::size_t start = 0;
    while (start < rules_text.size()) {
        const std::size_t end = rules_text.find('\n', start);
        cells.push_back(text(rules_text.substr(start, end - start)));
        start = end + 1;
    }
    return cells;
}

// The cells every call reads: the README's slicing example.
struct pipeline {
    slicing_sheet sheet;
    std::vector<cell> ana = sheet.rep_is("Ana");
    std::vector<cell> outcomes = {text("Second meeting"),   text("Call back later"), text("Pilot agreed"),
                                  text("Send information"), text("Pilot agreed"),    blank()};
    call_context context = context_on("2026-12-01");
};

using answers = std::vector<formula_result>;

// One call of each function over the pipeline, and DEAL_STATUS and STALL_DAYS per deal.
answers answers_of(const pipeline& data, const rules_argument& rules) {
    const slicing_sheet& sheet = data.sheet;
    const cell as_of = date(worked_as_of);
    answers result;
    result.push_back(real_coverage(data.context, column(sheet.amounts), column(sheet.stages),
                                   sheet.advance_view(), column(sheet.close_dates), number(worked_target),
                                   as_of, rules));
    result.push_back(real_coverage(data.context, column(sheet.amounts), column(sheet.stages),
                                   sheet.advance_view(), column(sheet.close_dates), number(worked_target),
                                   blank(), rules, column(data.ana)));
    result.push_back(advance_rate(column(data.outcomes), rules));
    result.push_back(win_rate(column(sheet.stages), column(sheet.amounts), rules));
    result.push_back(win_rate(column(sheet.stages), {}, rules, column(data.ana)));
    for (const char* stage : {"Discovery", "Proposal", "Prospecting", "Closed Won", "Negotiation"})
        result.push_back(stall_limit(text(stage), rules));
    result.push_back(rules_check(rules));
    for (std::size_t deal = 0; deal < sheet.deals(); ++deal) {
        const range_view advances{std::span<const cell>(sheet.advance_dates).subspan(2 * deal, 2), 1, 2};
        result.push_back(stall_days(data.context, advances, as_of, rules));
        result.push_back(
            deal_status(data.context, sheet.stages[deal], advances, sheet.close_dates[deal], as_of, rules));
    }
    return result;
}

std::string shown(const formula_result& value) {
    if (const auto* number = std::get_if<double>(&value)) return fmt::format("{}", *number);
    return std::get<std::string>(value);
}

// Where a thread's answers differed from the expected ones: checked on the main
// thread, as doctest's assertions are.
std::string mismatch(const std::string& source, const answers& expected, const answers& got) {
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (got[i] != expected[i])
            return fmt::format("{}, call {}: expected {}, got {}", source, i, shown(expected[i]),
                               shown(got[i]));
    return {};
}

struct source {
    std::string name;
    rules_argument rules;
    answers expected;
};

// What the threads call with: the variants inline, as cells and as files, the
// default rules three ways and one variant's file by ~/. Owns every text and
// cell the arguments view.
struct sources {
    std::vector<std::string> texts, paths;
    std::vector<std::vector<cell>> cells;
    std::vector<cell> blank_cells{blank(), text("  "), blank()};
    std::vector<source> variants;  // variant i is inline 3i, cells 3i+1, file 3i+2
    std::vector<source> defaults;

    explicit sources(const sandbox& box) {
        for (std::size_t i = 0; i < variant_count; ++i) {
            texts.push_back(variant_rules(i));
            paths.push_back(box.write(fmt::format("rules/variant-{}.rules", i), texts.back()).string());
        }
        for (const auto& each : texts) cells.push_back(lines_as_cells(each));
        for (std::size_t i = 0; i < variant_count; ++i) {
            variants.push_back({fmt::format("variant {} inline", i), rules_argument::of_text(texts[i]), {}});
            variants.push_back(
                {fmt::format("variant {} as cells", i), rules_argument::of_cells(column(cells[i])), {}});
            variants.push_back(
                {fmt::format("variant {} in {}", i, paths[i]), rules_argument::of_text(paths[i]), {}});
        }
        defaults.push_back({"the default, omitted", rules_argument::omitted(), {}});
        defaults.push_back({"the default, empty text", rules_argument::of_text(""), {}});
        defaults.push_back({"the default, blank cells", rules_argument::of_cells(column(blank_cells)), {}});
        defaults.push_back({"variant 7 by ~/", rules_argument::of_text("~/rules/variant-7.rules"), {}});
    }
};

// A rules file saved again and again, as an editor saves: the new text is written
// beside it and renamed over it, so a reader sees one whole version or the other.
class resaved_file {
public:
    explicit resaved_file(const sandbox& box) : box_(box) {
        for (const std::size_t variant : {200, 201, 202, 203}) versions_.push_back(variant_rules(variant));
        path_ = box.write("changing.rules", versions_[0]).string();
    }

    const std::string& path() const { return path_; }
    std::size_t versions() const { return versions_.size(); }

    void save(std::size_t version) const {
        const fs::path written = box_.write("changing.rules.new", versions_[version]);
        fs::rename(written, path_);
    }

private:
    const sandbox& box_;
    std::vector<std::string> versions_;
    std::string path_;
};

}  // namespace

TEST_CASE("every function answers the same from several threads at once, whatever the rules") {
    sandbox box;
    // Once, before any thread starts: the environment is read by every call.
    const fs::path config = box.root() / "xdg";
    setenv("XDG_CONFIG_HOME", config.c_str(), 1);
    box.write("xdg/truepipe/default.rules", variant_rules(150));

    const pipeline data;
    sources all(box);
    for (auto& each : all.variants) each.expected = answers_of(data, each.rules);
    for (auto& each : all.defaults) each.expected = answers_of(data, each.rules);
    // The default file is read, not the built-in rules, however the rules are left out.
    for (std::size_t way = 0; way < 3; ++way)
        REQUIRE(all.defaults[way].expected == answers_of(data, rules_argument::of_text(variant_rules(150))));
    // Each variant that parses has a STALL_LIMIT of its own (Prospecting's is the
    // default limit), so an answer given with another thread's rules would show;
    // the others answer their error.
    std::set<std::string> limits;
    std::size_t parsing = 0;
    for (std::size_t i = 0; i < variant_count; ++i) {
        const answers& expected = all.variants[3 * i].expected;
        if (i % 17 == 5) {
            CHECK(text_of(expected[0]).starts_with("#truepipe: rules line 11"));
        } else {
            limits.insert(shown(expected[7]));
            ++parsing;
        }
    }
    REQUIRE(limits.size() == parsing);

    const resaved_file changing(box);
    const rules_argument changing_rules = rules_argument::of_text(changing.path());
    std::set<std::string> each_version;
    std::vector<answers> version_answers;
    for (std::size_t version = 0; version < changing.versions(); ++version) {
        changing.save(version);
        version_answers.push_back(answers_of(data, changing_rules));
        each_version.insert(shown(version_answers.back()[7]));  // STALL_LIMIT("Prospecting")
    }
    REQUIRE(each_version.size() == changing.versions());
    changing.save(0);

    // From an empty cache every variant's three forms are stored again while the
    // threads run: more than the cache holds, so it is emptied under them.
    clear_rules_cache();

    // Thread t calls with the variants i where i % thread_count == t, in their three
    // forms: rules of its own. Every thread also calls with variant 0 and the
    // default rules, which all of them share.
    std::vector<std::vector<std::string>> failures(thread_count);
    std::atomic<std::size_t> readers_left = thread_count;
    std::latch start(thread_count + 1);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            const auto check = [&](const source& each) {
                auto problem = mismatch(each.name, each.expected, answers_of(data, each.rules));
                if (!problem.empty()) failures[t].push_back(std::move(problem));
            };
            // Each call loads the file anew, so one call may see one version and the
            // next call another: each answer must be its call's in some version.
            const auto check_changing = [&] {
                const answers got = answers_of(data, changing_rules);
                for (std::size_t call = 0; call < got.size(); ++call) {
                    const auto same_call = [&](const answers& version) { return got[call] == version[call]; };
                    if (std::none_of(version_answers.begin(), version_answers.end(), same_call))
                        failures[t].push_back(fmt::format("{}, call {}: {} is no saved version's answer",
                                                          changing.path(), call, shown(got[call])));
                }
            };
            start.arrive_and_wait();
            for (int round = 0; round < 2; ++round) {
                for (std::size_t k = 3 * t; k < all.variants.size(); k += 3 * thread_count) {
                    for (std::size_t form = 0; form < 3; ++form) check(all.variants[k + form]);
                    for (std::size_t form = 0; form < 3; ++form) check(all.variants[form]);
                    check(all.defaults[k % all.defaults.size()]);
                    check_changing();
                }
            }
            --readers_left;
        });
    }
    std::size_t last_saved = 0;
    threads.emplace_back([&] {
        start.arrive_and_wait();
        for (std::size_t saves = 1; readers_left > 0 || saves <= changing.versions(); ++saves) {
            last_saved = saves % changing.versions();
            changing.save(last_saved);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // saves, not a flood of them
        }
    });
    for (auto& thread : threads) thread.join();

    for (const auto& thread_failures : failures)
        for (const auto& failure : thread_failures) FAIL_CHECK(failure);
    // Once the saving stops, the file's last version is what every call sees: no
    // version read while another was being saved is kept for the wrong file.
    CHECK(rules_cache_statistics().parses > detail::max_cache_entries);
    MESSAGE(rules_cache_statistics().parses << " parses and " << rules_cache_statistics().hits
                                            << " cache hits while the threads ran");
    // Once the saving stops, the file's last version is what every call sees: no
    // version read while another was being saved is kept for the wrong file.
    CHECK(mismatch(changing.path(), version_answers[last_saved], answers_of(data, changing_rules)) == "");
}

TEST_CASE("the rules cache answers each key with its own rules while threads fill and empty it") {
    sandbox box;
    // Texts whose parse says which one it was: the stage's name.
    constexpr std::size_t key_count = detail::max_cache_entries + 44;
    std::vector<std::string> texts;
    for (std::size_t k = 0; k < key_count; ++k) texts.push_back(fmt::format("stage \"S{}\"", k));
    std::vector<cell> keys;
    for (const auto& each : texts) keys.push_back(text(each));
    const auto parsed = [](std::string_view rules_text) {
        auto loaded = std::make_shared<loaded_rules>();
        loaded->value = std::make_shared<const rules>(std::get<rules>(parse_rules(rules_text)));
        return loaded;
    };
    const auto name_of = [](const detail::loaded_ptr& loaded) {
        return loaded && loaded->ok() && loaded->value->stages.size() == 1 ? loaded->value->stages[0].name
                                                                           : std::string("(none)");
    };

    struct counts {
        std::size_t hits = 0, adds = 0;
        std::vector<std::string> failures;
    };
    std::vector<counts> per_thread(thread_count);
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            counts& mine = per_thread[t];
            start.arrive_and_wait();
            for (std::size_t step = 0; step < 3 * key_count; ++step) {
                const std::size_t k = (step * (t + 1) + t * 37) % key_count;  // each thread its own order
                const detail::rules_probe probe(detail::rules_origin::text, range_view::single(keys[k]));
                detail::loaded_ptr found = detail::find_cached(probe);
                if (found) {
                    ++mine.hits;
                } else {
                    found = detail::add_cached(probe, parsed(texts[k]));
                    ++mine.adds;
                }
                if (const std::string expected = fmt::format("S{}", k); name_of(found) != expected)
                    mine.failures.push_back(fmt::format("key {} answered {}", expected, name_of(found)));
            }
        });
    }
    for (auto& thread : threads) thread.join();

    std::size_t hits = 0, adds = 0;
    for (const auto& mine : per_thread) {
        hits += mine.hits;
        adds += mine.adds;
        for (const auto& failure : mine.failures) FAIL_CHECK(failure);
    }
    // Every lookup and every store counted once, though they ran at once.
    const auto stats = rules_cache_statistics();
    CHECK(stats.hits == hits);
    CHECK(stats.parses == adds);
    CHECK(hits + adds == thread_count * 3 * key_count);
    MESSAGE(hits << " hits and " << adds << " stores");
}

TEST_CASE("threads storing the same rules at once all get the first one stored") {
    sandbox box;
    const cell key = text("stage \"Shared\"");
    const detail::rules_probe probe(detail::rules_origin::text, range_view::single(key));
    std::vector<detail::loaded_ptr> made(thread_count), kept(thread_count);
    for (auto& each : made) each = std::make_shared<loaded_rules>();
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            kept[t] = detail::add_cached(probe, made[t]);
        });
    }
    for (auto& thread : threads) thread.join();
    REQUIRE(kept[0] != nullptr);
    for (const auto& each : kept) CHECK(each == kept[0]);
    CHECK(std::count(made.begin(), made.end(), kept[0]) == 1);
    CHECK(detail::find_cached(probe) == kept[0]);
    CHECK(rules_cache_statistics().parses == thread_count);
}

TEST_CASE("emptying the rules cache while threads load rules changes no answer") {
    sandbox box;
    const pipeline data;
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < 12; ++i) texts.push_back(variant_rules(i));
    std::vector<answers> expected;
    for (const auto& each : texts) expected.push_back(answers_of(data, rules_argument::of_text(each)));

    std::vector<std::vector<std::string>> failures(thread_count);
    std::atomic<std::size_t> loaders_left = thread_count;
    std::latch start(thread_count + 1);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (std::size_t step = 0; step < 3 * texts.size(); ++step) {
                const std::size_t i = (step + t) % texts.size();
                auto problem = mismatch(fmt::format("variant {}", i), expected[i],
                                        answers_of(data, rules_argument::of_text(texts[i])));
                if (!problem.empty()) failures[t].push_back(std::move(problem));
            }
            --loaders_left;
        });
    }
    threads.emplace_back([&] {
        start.arrive_and_wait();
        while (loaders_left > 0) {
            clear_rules_cache();
            std::this_thread::yield();
        }
    });
    for (auto& thread : threads) thread.join();
    for (const auto& thread_failures : failures)
        for (const auto& failure : thread_failures) FAIL_CHECK(failure);
}

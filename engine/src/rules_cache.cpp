#include "rules_cache.hpp"

#include <mutex>
#include <unordered_map>

namespace truepipe {

namespace detail {

namespace {

class rules_cache {
public:
    loaded_ptr find(const rules_probe& probe) {
        const std::lock_guard lock(mutex_);
        const auto found = table_.find(probe);
        if (found == table_.end()) return nullptr;
        ++stats_.hits;
        return found->second;
    }

    loaded_ptr add(const rules_probe& probe, loaded_ptr value) {
        rules_key key(probe);  // copied before the lock: the cells may be many
        const std::lock_guard lock(mutex_);
        ++stats_.parses;
        if (table_.size() >= max_cache_entries) table_.clear();
        return table_.emplace(std::move(key), std::move(value)).first->second;
    }

    rules_cache_stats statistics() {
        const std::lock_guard lock(mutex_);
        return stats_;
    }

    void clear() {
        const std::lock_guard lock(mutex_);
        table_.clear();
        stats_ = {};
    }

private:
    std::mutex mutex_;
    std::unordered_map<rules_key, loaded_ptr, rules_key_hash, rules_key_equal> table_;
    rules_cache_stats stats_;
};

rules_cache& cache() {
    static rules_cache instance;
    return instance;
}

}  // namespace

loaded_ptr find_cached(const rules_probe& probe) { return cache().find(probe); }

loaded_ptr add_cached(const rules_probe& probe, loaded_ptr value) {
    return cache().add(probe, std::move(value));
}

}  // namespace detail

rules_cache_stats rules_cache_statistics() { return detail::cache().statistics(); }

void clear_rules_cache() { detail::cache().clear(); }

}  // namespace truepipe

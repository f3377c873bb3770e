#include "convert.hpp"

#include <com/sun/star/util/Date.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>

namespace truepipe::addin {

namespace {

constexpr char32_t replacement_character = 0xFFFD;

void append_code_point(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool is_high_surrogate(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool is_low_surrogate(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

void append_utf16(std::string& out, const sal_Unicode* units, sal_Int32 size) {
    out.reserve(out.size() + std::size_t(size));
    for (sal_Int32 i = 0; i < size; ++i) {
        const char16_t unit = units[i];
        if (unit < 0x80) {
            out.push_back(static_cast<char>(unit));
        } else if (is_high_surrogate(unit) && i + 1 < size && is_low_surrogate(units[i + 1])) {
            const char16_t low = units[++i];
            append_code_point(out, 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(low) - 0xDC00));
        } else if (is_high_surrogate(unit) || is_low_surrogate(unit)) {
            append_code_point(out, replacement_character);  // a lone surrogate
        } else {
            append_code_point(out, unit);
        }
    }
}

}  // namespace

void append_utf8(std::string& out, const rtl::OUString& text) {
    append_utf16(out, text.getStr(), text.getLength());
}

rtl::OUString from_utf8(std::string_view text) {
    return rtl::OUString(text.data(), static_cast<sal_Int32>(text.size()), RTL_TEXTENCODING_UTF8);
}

// A direct-mapped memory of the strings met in one block: a hit is the same
// string object, so the same text.
struct cell_block::recent_text {
    const rtl_uString* key = nullptr;
    pending_text where{};
};

namespace {

constexpr std::size_t recent_slots = 256;
// Blocks this large reuse the buffers of earlier ones (see buffer_pool).
constexpr std::size_t cells_worth_pooling = 4096;
// Below this many cells a repeated text costs less than the memory's set-up.
constexpr std::size_t cells_worth_remembering = 64;

std::size_t slot_of(const rtl_uString* text) {
    return (reinterpret_cast<std::uintptr_t>(text) >> 4) % recent_slots;
}

// Buffers of large blocks, kept for the next large block. Fresh memory of this
// size comes from the system page by page, and the kernel's zeroing of those
// pages costs more than filling them: a recalculation over 1,000,000 rows would
// pay it for every column on every call. What is kept is bounded.
class buffer_pool {
public:
    void take(std::vector<cell>& cells, std::vector<pending_text>& texts, std::string& storage) {
        const std::lock_guard lock(mutex_);
        if (spare_.empty()) return;
        auto& spare = spare_.back();
        kept_bytes_ -= bytes_of(spare.cells, spare.texts, spare.storage);
        cells.swap(spare.cells);
        texts.swap(spare.texts);
        storage.swap(spare.storage);
        spare_.pop_back();
    }

    void give(std::vector<cell>& cells, std::vector<pending_text>& texts, std::string& storage) {
        const std::size_t bytes = bytes_of(cells, texts, storage);
        const std::lock_guard lock(mutex_);
        if (spare_.size() >= max_sets || kept_bytes_ + bytes > max_kept_bytes) return;
        cells.clear();
        texts.clear();
        storage.clear();
        spare_.push_back({std::move(cells), std::move(texts), std::move(storage)});
        kept_bytes_ += bytes;
    }

private:
    static constexpr std::size_t max_sets = 8;
    static constexpr std::size_t max_kept_bytes = std::size_t(256) << 20;

    struct buffers {
        std::vector<cell> cells;
        std::vector<pending_text> texts;
        std::string storage;
    };

    static std::size_t bytes_of(const std::vector<cell>& cells, const std::vector<pending_text>& texts,
                                const std::string& storage) {
        return cells.capacity() * sizeof(cell) + texts.capacity() * sizeof(pending_text) + storage.capacity();
    }

    std::mutex mutex_;
    std::vector<buffers> spare_;
    std::size_t kept_bytes_ = 0;
};

// Never destroyed: nothing may run at office exit.
buffer_pool& pool() {
    static auto* instance = new buffer_pool;
    return *instance;
}

}  // namespace

cell_block::cell_block(const uno::Sequence<uno::Sequence<uno::Any>>& rows) {
    append_rows(rows);
    resolve_texts();
}

cell_block::cell_block(const uno::Any& value) {
    if (value.getValueTypeClass() == uno::TypeClass_SEQUENCE) {
        uno::Sequence<uno::Sequence<uno::Any>> rows;
        if (value >>= rows) append_rows(rows);
    } else if (value.hasValue()) {
        append(value);
        rows_ = columns_ = 1;
    }
    resolve_texts();
}

cell_block::~cell_block() {
    if (cells_.capacity() >= cells_worth_pooling) pool().give(cells_, texts_, storage_);
}

cell cell_block::single_text() const {
    const cell value = single();
    return value.is_number() && value.number == 0.0 ? cell::empty_cell() : value;
}

void cell_block::append_rows(const uno::Sequence<uno::Sequence<uno::Any>>& rows) {
    rows_ = static_cast<std::size_t>(rows.getLength());
    for (const auto& row : rows) {
        columns_ = std::max(columns_, static_cast<std::size_t>(row.getLength()));
    }
    if (rows_ * columns_ >= cells_worth_pooling) pool().take(cells_, texts_, storage_);
    cells_.reserve(rows_ * columns_);
    if (rows_ * columns_ >= cells_worth_remembering) recent_ = std::make_unique<recent_text[]>(recent_slots);
    for (const auto& row : rows) {
        for (const auto& value : row) {
            append(value);
        }
        // Calc's ranges are rectangular; pad defensively if a row is short.
        for (auto i = static_cast<std::size_t>(row.getLength()); i < columns_; ++i) {
            cells_.push_back(cell::empty_cell());
        }
    }
}

void cell_block::append(const uno::Any& value) {
    switch (value.getValueTypeClass()) {
        case uno::TypeClass_DOUBLE:
            cells_.push_back(cell::of_number(*static_cast<const double*>(value.getValue())));
            return;
        case uno::TypeClass_STRING:
            append_text(*static_cast<rtl_uString* const*>(value.getValue()));
            return;
        case uno::TypeClass_BOOLEAN:
            cells_.push_back(cell::of_number(*static_cast<const sal_Bool*>(value.getValue()) ? 1.0 : 0.0));
            return;
        default:
            break;
    }
    double number = 0.0;
    if (value >>= number) {  // the smaller integer types
        cells_.push_back(cell::of_number(number));
    } else {
        cells_.push_back(cell::empty_cell());  // VOID, or a type no cell holds
    }
}

void cell_block::append_text(rtl_uString* text) {
    if (text->length == 0) {
        cells_.push_back(cell::empty_cell());
        return;
    }
    recent_text* slot = recent_ ? &recent_[slot_of(text)] : nullptr;
    if (slot != nullptr && slot->key == text) {
        texts_.push_back(slot->where);
    } else {
        const std::size_t offset = storage_.size();
        append_utf16(storage_, text->buffer, text->length);
        texts_.push_back({offset, storage_.size() - offset});
        if (slot != nullptr) *slot = {text, texts_.back()};
    }
    cells_.push_back(cell::of_text({}));
}

// Text views are set once the storage no longer moves.
void cell_block::resolve_texts() {
    auto next = texts_.begin();
    for (auto& value : cells_) {
        if (value.is_text()) {
            value.text = std::string_view(storage_).substr(next->offset, next->size);
            ++next;
        }
    }
    recent_.reset();
}

namespace {

bool same_value(const uno::Any& a, const uno::Any& b) {
    const auto type = a.getValueTypeClass();
    if (type != b.getValueTypeClass()) return false;
    switch (type) {
        case uno::TypeClass_VOID:
            return true;
        case uno::TypeClass_DOUBLE:
            return *static_cast<const double*>(a.getValue()) == *static_cast<const double*>(b.getValue());
        case uno::TypeClass_STRING: {
            const rtl_uString* x = *static_cast<rtl_uString* const*>(a.getValue());
            const rtl_uString* y = *static_cast<rtl_uString* const*>(b.getValue());
            return x == y ||
                   (x->length == y->length && std::equal(x->buffer, x->buffer + x->length, y->buffer));
        }
        default:
            return a == b;
    }
}

bool same_cells(const uno::Sequence<uno::Sequence<uno::Any>>& a,
                const uno::Sequence<uno::Sequence<uno::Any>>& b) {
    if (a.getLength() != b.getLength()) return false;
    for (sal_Int32 r = 0; r < a.getLength(); ++r) {
        const auto& x = a[r];
        const auto& y = b[r];
        if (x.getLength() != y.getLength()) return false;
        for (sal_Int32 c = 0; c < x.getLength(); ++c) {
            if (!same_value(x[c], y[c])) return false;
        }
    }
    return true;
}

// The rules arguments converted lately: a conversion buffer, not a rules cache
// (which rules these cells are is the engine's cache's to say). 100,000 cells
// naming one Rules range each hand over the same UNO strings, and converting
// them to UTF-8 on every call would cost a per-row STALL_DAYS about a fifth more
// (measured: 2.16 s against 1.83 s for 100,000 rows, the floor 1.5-1.7 s). Each
// entry keeps the values it was made from, so their strings stay alive and a
// string met again at the same address is the same text. Never destroyed:
// nothing may run at office exit.
class converted_rules {
public:
    // `value` is a range (sequence of rows) or one text.
    std::shared_ptr<const cell_block> convert(const uno::Any& value) {
        {
            const std::lock_guard lock(mutex_);
            for (const auto& entry : entries_) {
                if (entry.cells && same_argument(entry.source, value)) return entry.cells;
            }
        }
        auto cells = std::make_shared<const cell_block>(value);
        const std::lock_guard lock(mutex_);
        entries_[next_] = {value, cells};
        next_ = (next_ + 1) % entries_.size();
        return cells;
    }

private:
    struct entry {
        uno::Any source;
        std::shared_ptr<const cell_block> cells;
    };

    static bool same_argument(const uno::Any& a, const uno::Any& b) {
        if (a.getValueTypeClass() != uno::TypeClass_SEQUENCE ||
            b.getValueTypeClass() != uno::TypeClass_SEQUENCE)
            return same_value(a, b);
        const auto* x = static_cast<const uno::Sequence<uno::Sequence<uno::Any>>*>(a.getValue());
        const auto* y = static_cast<const uno::Sequence<uno::Sequence<uno::Any>>*>(b.getValue());
        return same_cells(*x, *y);
    }

    std::mutex mutex_;
    std::array<entry, 8> entries_;
    std::size_t next_ = 0;
};

converted_rules& recent_rules() {
    static auto* instance = new converted_rules;
    return *instance;
}

// Ranges and texts are remembered; a number or an omitted argument costs nothing
// to convert.
std::shared_ptr<const cell_block> rules_cells(const uno::Any& value) {
    const auto type = value.getValueTypeClass();
    if (value.getValueType() == cppu::UnoType<uno::Sequence<uno::Sequence<uno::Any>>>::get() ||
        type == uno::TypeClass_STRING) {
        return recent_rules().convert(value);
    }
    return std::make_shared<const cell_block>(value);
}

}  // namespace

rules_block::rules_block(const uno::Any& value,
                         const uno::Reference<com::sun::star::beans::XPropertySet>& document)
    : cells_(rules_cells(value)),
      is_range_(value.getValueTypeClass() == uno::TypeClass_SEQUENCE),
      place_(document, cells_->view()) {}

rules_argument rules_block::argument() const {
    if (is_range_) {
        return rules_argument::of_cells(cells_->view(), &place_);
    }
    const cell value = cells_->single();
    if (value.is_text()) {
        return rules_argument::of_text(value.text, &place_);
    }
    // Calc hands a reference to a single empty cell over as the number 0: that is
    // no rules at all. Any other lone number is a (wrong) one-line rules text.
    if (value.is_empty() || (value.is_number() && value.number == 0.0)) {
        return rules_argument::omitted();
    }
    return rules_argument::of_cells(cells_->view(), &place_);
}

date_system document_dates(const uno::Reference<com::sun::star::beans::XPropertySet>& document) {
    if (!document.is()) {
        return date_system();
    }
    com::sun::star::util::Date null_date;
    if (document->getPropertyValue("NullDate") >>= null_date) {
        return date_system::from_null_date(null_date.Year, null_date.Month, null_date.Day);
    }
    return date_system();
}

}  // namespace truepipe::addin

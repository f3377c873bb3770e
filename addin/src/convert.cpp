#include "convert.hpp"

#include <com/sun/star/util/Date.hpp>

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

}  // namespace

void append_utf8(std::string& out, const rtl::OUString& text) {
    const sal_Unicode* units = text.getStr();
    const sal_Int32 size = text.getLength();
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

rtl::OUString from_utf8(std::string_view text) {
    return rtl::OUString(text.data(), static_cast<sal_Int32>(text.size()), RTL_TEXTENCODING_UTF8);
}

cell_block::cell_block(const uno::Sequence<uno::Sequence<uno::Any>>& rows) {
    append_rows(rows);
    resolve_texts();
}

cell_block::cell_block(const uno::Any& value) {
    uno::Sequence<uno::Sequence<uno::Any>> rows;
    if (value >>= rows) {
        append_rows(rows);
    } else if (value.hasValue()) {
        append(value);
        rows_ = columns_ = 1;
    }
    resolve_texts();
}

void cell_block::append_rows(const uno::Sequence<uno::Sequence<uno::Any>>& rows) {
    rows_ = static_cast<std::size_t>(rows.getLength());
    for (const auto& row : rows) {
        columns_ = std::max(columns_, static_cast<std::size_t>(row.getLength()));
    }
    cells_.reserve(rows_ * columns_);
    for (const auto& row : rows) {
        for (const auto& value : row) {
            append(value);
        }
        // Calc's ranges are rectangular; pad defensively if a row is short.
        for (auto i = static_cast<std::size_t>(row.getLength()); i < columns_; ++i) {
            append(uno::Any());
        }
    }
}

void cell_block::append(const uno::Any& value) {
    double number = 0.0;
    bool flag = false;
    rtl::OUString text;
    if (value >>= number) {  // also takes the smaller integer types
        cells_.push_back(cell::of_number(number));
    } else if (value >>= flag) {
        cells_.push_back(cell::of_number(flag ? 1.0 : 0.0));
    } else if ((value >>= text) && !text.isEmpty()) {
        const std::size_t offset = storage_.size();
        append_utf8(storage_, text);
        texts_.push_back({offset, storage_.size() - offset});
        cells_.push_back(cell::of_text({}));
    } else {
        cells_.push_back(cell::empty_cell());  // VOID, an empty text, or a type no cell holds
    }
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
}

rules_block::rules_block(const uno::Any& value,
                         const uno::Reference<com::sun::star::beans::XPropertySet>& document)
    : cells_(value),
      is_range_(value.getValueTypeClass() == uno::TypeClass_SEQUENCE),
      place_(document, cells_.view()) {}

rules_argument rules_block::argument() const {
    if (is_range_) {
        return rules_argument::of_cells(cells_.view(), &place_);
    }
    const cell value = cells_.single();
    if (value.is_text()) {
        return rules_argument::of_text(value.text, &place_);
    }
    // Calc hands a reference to a single empty cell over as the number 0: that is
    // no rules at all. Any other lone number is a (wrong) one-line rules text.
    if (value.is_empty() || (value.is_number() && value.number == 0.0)) {
        return rules_argument::omitted();
    }
    return rules_argument::of_cells(cells_.view(), &place_);
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

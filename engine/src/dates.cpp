#include <truepipe/dates.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace truepipe {

namespace {

namespace chr = std::chrono;

chr::sys_days to_sys_days(day_number day) { return chr::sys_days{chr::days{day}}; }

// Serials are only meaningful for the years a spreadsheet can show; outside them
// a value is far more likely to be an amount typed into a date column.
constexpr int first_year = 1;
constexpr int last_year = 9999;

constexpr day_number day_of(chr::year_month_day date) {
    return static_cast<day_number>(chr::sys_days{date}.time_since_epoch().count());
}

// Constants, because every date cell of a million-row range is checked against them.
constexpr day_number first_supported_day = day_of(chr::year{first_year} / 1 / 1);
constexpr day_number last_supported_day = day_of(chr::year{last_year} / 12 / 31);

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int digits_value(std::string_view text) {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
}

// Floor division, so that days before the epoch fall into the right week.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// Mondays..Fridays among the days [monday_anchor, day), negative when day lies
// before the anchor; differences of two values count the weekdays in between.
std::int64_t weekdays_before(std::int64_t day) {
    constexpr std::int64_t monday_anchor = 4;  // 1970-01-05 was a Monday
    const std::int64_t offset = day - monday_anchor;
    const std::int64_t weeks = floor_div(offset, 7);
    const std::int64_t rest = offset - weeks * 7;
    return weeks * 5 + std::min<std::int64_t>(rest, 5);
}

}  // namespace

std::optional<day_number> make_day(int year, unsigned month, unsigned day) {
    if (year < -32767 || year > 32767) return std::nullopt;
    const chr::year_month_day date{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!date.ok()) return std::nullopt;
    return day_of(date);
}

civil_date to_civil(day_number day) {
    const chr::year_month_day date{to_sys_days(day)};
    return {int(date.year()), unsigned(date.month()), unsigned(date.day())};
}

unsigned iso_weekday(day_number day) { return chr::weekday{to_sys_days(day)}.iso_encoding(); }

std::string iso_date(day_number day) {
    const civil_date date = to_civil(day);
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::optional<day_number> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = text.substr(0, 4), month = text.substr(5, 2), day = text.substr(8, 2);
    if (!all_digits(year) || !all_digits(month) || !all_digits(day)) return std::nullopt;
    const int year_value = digits_value(year);
    if (year_value < first_year) return std::nullopt;
    return make_day(year_value, unsigned(digits_value(month)), unsigned(digits_value(day)));
}

day_number local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (localtime_r(&now, &local) == nullptr) {
        // No usable time zone: the UTC date is the best remaining answer.
        return static_cast<day_number>(floor_div(now, 86400));
    }
    return *make_day(local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday));
}

date_system::date_system() : null_date_(*make_day(1899, 12, 30)) {}

date_system::date_system(day_number null_date) : null_date_(null_date) {}

date_system date_system::from_null_date(int year, unsigned month, unsigned day) {
    const auto null_date = make_day(year, month, day);
    return null_date ? date_system(*null_date) : date_system();
}

std::optional<day_number> date_system::from_serial(double serial) const {
    // Compared before any cast, so that a huge serial cannot overflow it (NaN fails
    // both comparisons). The bounds are whole days, so floor(serial) lies in
    // [first, last] exactly when serial lies in [first, last + 1).
    const double first = double(first_supported_day) - double(null_date_);
    const double after_last = double(last_supported_day) - double(null_date_) + 1.0;
    if (!(serial >= first && serial < after_last)) return std::nullopt;
    auto whole = static_cast<std::int64_t>(serial);  // toward zero; floor is one less below zero
    if (double(whole) > serial) --whole;
    return static_cast<day_number>(whole + null_date_);
}

double date_system::to_serial(day_number day) const { return double(day) - double(null_date_); }

calendar::calendar(calendar_kind kind, std::vector<day_number> holidays)
    : kind_(kind), holidays_(std::move(holidays)) {
    std::sort(holidays_.begin(), holidays_.end());
    holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
    // A holiday on a Saturday or Sunday is not a working day anyway; keeping only
    // weekday holidays lets days_after subtract each missing working day once.
    std::copy_if(holidays_.begin(), holidays_.end(), std::back_inserter(weekday_holidays_),
                 [](day_number day) { return iso_weekday(day) <= 5; });
}

std::int64_t calendar::days_after(day_number from, day_number to) const {
    if (to <= from) return 0;
    if (kind_ == calendar_kind::calendar_days) return std::int64_t{to} - from;
    const std::int64_t weekdays =
        weekdays_before(std::int64_t{to} + 1) - weekdays_before(std::int64_t{from} + 1);
    const auto first = std::upper_bound(weekday_holidays_.begin(), weekday_holidays_.end(), from);
    const auto last = std::upper_bound(first, weekday_holidays_.end(), to);
    return weekdays - (last - first);
}

}  // namespace truepipe

#pragma once
// Calendar arithmetic on whole days, independent of any spreadsheet epoch.
//
// A day_number counts days since 1970-01-01 (the std::chrono::sys_days epoch).
// Spreadsheet date serials are converted through a date_system, which carries
// the document's NullDate (serial 0): 1899-12-30 by default, 1904-01-01 on some files.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe {

using day_number = std::int32_t;

struct civil_date {
    int year = 1970;
    unsigned month = 1;  // 1..12
    unsigned day = 1;    // 1..31
};

// Exact conversions (proleptic Gregorian). make_day returns nullopt for impossible dates.
std::optional<day_number> make_day(int year, unsigned month, unsigned day);
civil_date to_civil(day_number day);

// ISO weekday: 1 = Monday ... 7 = Sunday.
unsigned iso_weekday(day_number day);

// "2026-11-30". parse_iso_date accepts exactly YYYY-MM-DD and a real calendar date.
std::string iso_date(day_number day);
std::optional<day_number> parse_iso_date(std::string_view text);

// The local calendar date of the machine right now.
day_number local_today();

class date_system {
public:
    // The default spreadsheet NullDate, 1899-12-30.
    date_system();
    explicit date_system(day_number null_date);
    static date_system from_null_date(int year, unsigned month, unsigned day);

    day_number null_date() const { return null_date_; }

    // A serial's day (time of day dropped: floor). nullopt for NaN, infinities and
    // serials outside years 1..9999.
    std::optional<day_number> from_serial(double serial) const;
    double to_serial(day_number day) const;

private:
    day_number null_date_;
};

enum class calendar_kind { calendar_days, business_days };

// How stall days are counted: calendar days, or working days Monday to Friday
// minus holidays.
class calendar {
public:
    calendar() = default;
    calendar(calendar_kind kind, std::vector<day_number> holidays);

    calendar_kind kind() const { return kind_; }
    const std::vector<day_number>& holidays() const { return holidays_; }  // sorted, unique

    // Number of counted days d with from < d <= to; 0 when to <= from.
    std::int64_t days_after(day_number from, day_number to) const;

private:
    calendar_kind kind_ = calendar_kind::calendar_days;
    std::vector<day_number> holidays_;
    std::vector<day_number> weekday_holidays_;  // the holidays that fall Monday to Friday
};

}  // namespace truepipe

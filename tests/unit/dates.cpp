// Calendar conversions and spreadsheet serials.
#include <truepipe/dates.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <limits>

using namespace truepipe;

namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned month_length(int year, unsigned month) {
    constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

// Independent of the code under test: walks the calendar from 1970-01-01.
long naive_day(int year, unsigned month, unsigned day) {
    long days = 0;
    for (int y = 1970; y < year; ++y) days += is_leap(y) ? 366 : 365;
    for (int y = year; y < 1970; ++y) days -= is_leap(y) ? 366 : 365;
    for (unsigned m = 1; m < month; ++m) days += month_length(year, m);
    return days + long(day) - 1;
}

}  // namespace

TEST_CASE("make_day counts days since 1970-01-01") {
    CHECK(make_day(1970, 1, 1) == 0);
    CHECK(make_day(1970, 1, 2) == 1);
    CHECK(make_day(1969, 12, 31) == -1);
    CHECK(make_day(2000, 3, 1) == 11017);
    for (int year : {1, 1600, 1899, 1900, 1904, 1999, 2000, 2024, 2026, 2100, 9999}) {
        for (unsigned month = 1; month <= 12; ++month) {
            CAPTURE(year);
            CAPTURE(month);
            CHECK(make_day(year, month, 1) == naive_day(year, month, 1));
            CHECK(make_day(year, month, month_length(year, month)) ==
                  naive_day(year, month, month_length(year, month)));
        }
    }
}

TEST_CASE("make_day rejects impossible dates") {
    CHECK_FALSE(make_day(2026, 2, 29));
    CHECK_FALSE(make_day(2026, 2, 30));
    CHECK_FALSE(make_day(2100, 2, 29));
    CHECK(make_day(2000, 2, 29));
    CHECK(make_day(2024, 2, 29));
    CHECK_FALSE(make_day(2026, 13, 1));
    CHECK_FALSE(make_day(2026, 0, 1));
    CHECK_FALSE(make_day(2026, 4, 31));
    CHECK_FALSE(make_day(2026, 1, 0));
    CHECK_FALSE(make_day(2026, 1, 32));
    CHECK_FALSE(make_day(40000, 1, 1));
}

TEST_CASE("to_civil inverts make_day") {
    for (day_number day = -800000; day <= 3000000; day += 997) {
        const civil_date date = to_civil(day);
        CHECK(make_day(date.year, date.month, date.day) == day);
    }
    const civil_date date = to_civil(*make_day(2026, 11, 30));
    CHECK(date.year == 2026);
    CHECK(date.month == 11);
    CHECK(date.day == 30);
}

TEST_CASE("iso_weekday numbers Monday 1 to Sunday 7") {
    CHECK(iso_weekday(0) == 4);  // 1970-01-01 was a Thursday
    CHECK(iso_weekday(*make_day(2026, 11, 30)) == 1);
    CHECK(iso_weekday(*make_day(2026, 11, 20)) == 5);
    CHECK(iso_weekday(*make_day(2026, 11, 28)) == 6);
    CHECK(iso_weekday(*make_day(2026, 11, 29)) == 7);
    CHECK(iso_weekday(*make_day(1899, 12, 30)) == 6);
    CHECK(iso_weekday(-1) == 3);
}

TEST_CASE("iso_date writes YYYY-MM-DD") {
    CHECK(iso_date(*make_day(2026, 11, 30)) == "2026-11-30");
    CHECK(iso_date(*make_day(2026, 1, 5)) == "2026-01-05");
    CHECK(iso_date(*make_day(1, 1, 1)) == "0001-01-01");
    CHECK(iso_date(*make_day(9999, 12, 31)) == "9999-12-31");
    CHECK(iso_date(0) == "1970-01-01");
}

TEST_CASE("parse_iso_date accepts exactly YYYY-MM-DD of a real date") {
    CHECK(parse_iso_date("2026-11-30") == make_day(2026, 11, 30));
    CHECK(parse_iso_date("2024-02-29") == make_day(2024, 2, 29));
    CHECK(parse_iso_date("0001-01-01") == make_day(1, 1, 1));
    for (const char* bad : {"2026-02-30", "2026-2-03", "2026-02-3", "2026/02/03", " 2026-02-03",
                            "2026-02-03 ", "2026-02-03x", "0000-01-01", "abcd-ef-gh", "", "2026-13-01",
                            "2026-00-10", "+026-01-01", "2026-1a-01", "20260-01-01"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_iso_date(bad));
    }
}

TEST_CASE("local_today is today's date within a time zone's reach") {
    const auto utc_day =
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch().count();
    const day_number today = local_today();
    CHECK(today >= utc_day - 1);
    CHECK(today <= utc_day + 1);
}

TEST_CASE("the default date system has its NullDate on 1899-12-30") {
    const date_system dates;
    CHECK(dates.null_date() == make_day(1899, 12, 30));
    CHECK(dates.from_serial(0) == make_day(1899, 12, 30));
    CHECK(dates.from_serial(1) == make_day(1899, 12, 31));
    CHECK(dates.from_serial(25569) == 0);
    CHECK(dates.from_serial(46356) == make_day(2026, 11, 30));  // as Calc shows it
    CHECK(dates.to_serial(*make_day(2026, 11, 30)) == 46356.0);
    CHECK(dates.to_serial(0) == 25569.0);
}

TEST_CASE("a 1904 NullDate shifts every serial") {
    const date_system dates = date_system::from_null_date(1904, 1, 1);
    CHECK(dates.null_date() == make_day(1904, 1, 1));
    CHECK(dates.from_serial(0) == make_day(1904, 1, 1));
    CHECK(dates.from_serial(44894) == make_day(2026, 11, 30));
    CHECK(dates.to_serial(*make_day(2026, 11, 30)) == 44894.0);
    CHECK(iso_date(*dates.from_serial(0)) == "1904-01-01");
    CHECK(date_system(*make_day(1904, 1, 1)).from_serial(1) == make_day(1904, 1, 2));
}

TEST_CASE("from_serial drops the time of day") {
    const date_system dates;
    CHECK(dates.from_serial(46356.999) == make_day(2026, 11, 30));
    CHECK(dates.from_serial(46356.5) == make_day(2026, 11, 30));
    CHECK(dates.from_serial(-0.25) == make_day(1899, 12, 29));
    CHECK(dates.from_serial(-1.0) == make_day(1899, 12, 29));
}

TEST_CASE("from_serial rejects values that are no date") {
    const date_system dates;
    CHECK_FALSE(dates.from_serial(std::numeric_limits<double>::quiet_NaN()));
    CHECK_FALSE(dates.from_serial(std::numeric_limits<double>::infinity()));
    CHECK_FALSE(dates.from_serial(-std::numeric_limits<double>::infinity()));
    CHECK_FALSE(dates.from_serial(1e300));
    CHECK_FALSE(dates.from_serial(-1e300));
    const double first = dates.to_serial(*make_day(1, 1, 1));
    const double last = dates.to_serial(*make_day(9999, 12, 31));
    CHECK(dates.from_serial(first) == make_day(1, 1, 1));
    CHECK_FALSE(dates.from_serial(first - 1));
    CHECK_FALSE(dates.from_serial(first - 0.5));
    CHECK(dates.from_serial(last + 0.5) == make_day(9999, 12, 31));
    CHECK_FALSE(dates.from_serial(last + 1));
}

TEST_CASE("from_null_date falls back to the default for an impossible NullDate") {
    CHECK(date_system::from_null_date(2026, 2, 30).null_date() == make_day(1899, 12, 30));
}

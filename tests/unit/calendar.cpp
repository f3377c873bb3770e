// Counting days between two dates: calendar days, or working days minus holidays.
#include <truepipe/dates.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

using namespace truepipe;

namespace {

day_number day(int year, unsigned month, unsigned day_of_month) {
    return *make_day(year, month, day_of_month);
}

// Independent of iso_weekday: 1970-01-01 (day 0) was a Thursday.
bool is_weekend(day_number value) {
    const int from_monday = ((value + 3) % 7 + 7) % 7;  // 0 = Monday
    return from_monday >= 5;
}

std::int64_t naive_business_days(day_number from, day_number to, const std::set<day_number>& holidays) {
    std::int64_t count = 0;
    for (day_number d = from + 1; d <= to; ++d) count += (!is_weekend(d) && !holidays.contains(d)) ? 1 : 0;
    return count;
}

calendar business(std::vector<day_number> holidays) {
    return calendar(calendar_kind::business_days, std::move(holidays));
}

}  // namespace

TEST_CASE("calendar-days counts every day after the start up to the end") {
    const calendar days;
    CHECK(days.kind() == calendar_kind::calendar_days);
    CHECK(days.days_after(day(2026, 11, 16), day(2026, 11, 30)) == 14);
    CHECK(days.days_after(day(2026, 11, 30), day(2026, 11, 30)) == 0);
    CHECK(days.days_after(day(2026, 11, 30), day(2026, 11, 16)) == 0);
    CHECK(days.days_after(day(2025, 12, 31), day(2026, 12, 31)) == 365);
    CHECK(days.days_after(day(1, 1, 1), day(9999, 12, 31)) == 3652058);
}

TEST_CASE("calendar-days ignores holidays") {
    const calendar days(calendar_kind::calendar_days, {day(2026, 11, 26)});
    CHECK(days.days_after(day(2026, 11, 20), day(2026, 11, 30)) == 10);
    CHECK(days.holidays().size() == 1);
}

TEST_CASE("business-days reproduces the worked example") {
    const calendar days = business({day(2026, 11, 26)});
    const day_number as_of = day(2026, 11, 30);
    CHECK(days.days_after(day(2026, 11, 20), as_of) == 5);
    CHECK(days.days_after(day(2026, 11, 23), as_of) == 4);
    CHECK(days.days_after(day(2026, 11, 16), as_of) == 9);
    CHECK(days.days_after(day(2026, 11, 25), as_of) == 2);
    CHECK(days.days_after(day(2026, 11, 27), as_of) == 1);
    CHECK(days.days_after(day(2026, 11, 10), as_of) == 13);
    CHECK(days.days_after(day(2026, 11, 24), as_of) == 3);
}

TEST_CASE("business-days skips weekends") {
    const calendar days = business({});
    const day_number friday = day(2026, 11, 20);
    CHECK(days.days_after(friday, friday + 1) == 0);  // Saturday
    CHECK(days.days_after(friday, friday + 2) == 0);  // Sunday
    CHECK(days.days_after(friday, friday + 3) == 1);  // Monday
    CHECK(days.days_after(friday + 1, friday + 2) == 0);
    CHECK(days.days_after(friday + 1, friday + 3) == 1);
    CHECK(days.days_after(friday - 4, friday) == 4);  // Monday to Friday
    CHECK(days.days_after(friday, friday + 7) == 5);
    CHECK(days.days_after(friday, friday + 70) == 50);
    CHECK(days.days_after(friday, friday) == 0);
    CHECK(days.days_after(friday, friday - 3) == 0);
}

TEST_CASE("a holiday on a weekend is not subtracted twice") {
    // 2026-12-25 is a Friday, 2026-12-26 a Saturday.
    const calendar days = business({day(2026, 12, 25), day(2026, 12, 26)});
    CHECK(days.days_after(day(2026, 12, 21), day(2026, 12, 28)) == 4);
    CHECK(days.days_after(day(2026, 12, 25), day(2026, 12, 28)) == 1);
    CHECK(days.days_after(day(2026, 12, 24), day(2026, 12, 27)) == 0);
}

TEST_CASE("holidays are kept sorted and unique") {
    const calendar days = business({day(2026, 12, 25), day(2026, 1, 1), day(2026, 12, 25), day(2026, 5, 1)});
    CHECK(days.holidays() == std::vector<day_number>{day(2026, 1, 1), day(2026, 5, 1), day(2026, 12, 25)});
    CHECK(days.days_after(day(2026, 12, 24), day(2026, 12, 28)) == 1);
}

TEST_CASE("business-days agrees with counting day by day") {
    std::mt19937 random(20261130);
    std::uniform_int_distribution<day_number> start(day(1890, 1, 1), day(2100, 1, 1));
    std::uniform_int_distribution<day_number> span(-20, 1500);
    std::uniform_int_distribution<day_number> near(0, 1600);
    for (int round = 0; round < 200; ++round) {
        const day_number base = start(random);
        std::vector<day_number> holidays;
        for (int i = 0; i < 40; ++i) holidays.push_back(base + near(random));
        const std::set<day_number> holiday_set(holidays.begin(), holidays.end());
        const calendar days = business(holidays);
        for (int pair = 0; pair < 25; ++pair) {
            const day_number from = base + near(random) - 50;
            const day_number to = from + span(random);
            CAPTURE(from);
            CAPTURE(to);
            REQUIRE(days.days_after(from, to) == naive_business_days(from, to, holiday_set));
        }
    }
}

TEST_CASE("business-days over the whole supported range") {
    const std::set<day_number> holidays{day(2026, 12, 25), day(1, 1, 1), day(9999, 12, 31)};
    const calendar days = business({holidays.begin(), holidays.end()});
    const day_number first = day(1, 1, 1), last = day(9999, 12, 31);
    CHECK(days.days_after(first - 1, last) == naive_business_days(first - 1, last, holidays));
}

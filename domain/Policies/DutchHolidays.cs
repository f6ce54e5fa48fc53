using System.Collections.Frozen;
using NodaTime;

namespace Journey.Domain.Policies;

/// <summary>
/// Public holidays of the Algemene termijnenwet, art. 3, and the days equated to them: Good Friday and
/// the days the triennial decrees add; the rules are written out in docs/holidays.md.
/// </summary>
public static class DutchHolidays
{
    // A year's holidays never change; every quiet-hours check asks for them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<LocalDate>> ByYear = new();

    public static bool IsHoliday(LocalDate date) => HolidaysOf(date.Year).Contains(date);

    public static IReadOnlySet<LocalDate> HolidaysOf(int year) => ByYear.GetOrAdd(year, Compute);

    private static IReadOnlySet<LocalDate> Compute(int year)
    {
        var easter = EasterSunday(year);
        var ascension = easter.PlusDays(39);
        var kingsDay = new LocalDate(year, 4, 27);
        if (kingsDay.DayOfWeek == IsoDayOfWeek.Sunday)
        {
            kingsDay = new LocalDate(year, 4, 26);
        }

        var newYear = new LocalDate(year, 1, 1);
        var liberation = new LocalDate(year, 5, 5);
        var christmas = new LocalDate(year, 12, 25);
        var boxingDay = new LocalDate(year, 12, 26);

        var days = new HashSet<LocalDate>
        {
            newYear,
            easter.PlusDays(-2), // Good Friday
            easter.PlusDays(1), // Easter Monday
            kingsDay,
            liberation,
            ascension,
            easter.PlusDays(50), // Whit Monday
            christmas,
            boxingDay,
            ascension.PlusDays(1), // the Friday after Ascension
        };

        // A bridge Monday before a holiday on Tuesday; the Monday before next year's New Year's Day falls in this year.
        foreach (var holiday in new[] { kingsDay, liberation, christmas, new LocalDate(year + 1, 1, 1) })
        {
            if (holiday.DayOfWeek == IsoDayOfWeek.Tuesday && holiday.PlusDays(-1).Year == year)
            {
                days.Add(holiday.PlusDays(-1));
            }
        }

        // A bridge Friday after a holiday on Thursday.
        foreach (var holiday in new[] { newYear, kingsDay, liberation, boxingDay })
        {
            if (holiday.DayOfWeek == IsoDayOfWeek.Thursday && holiday.PlusDays(1).Year == year)
            {
                days.Add(holiday.PlusDays(1));
            }
        }

        if (ascension == new LocalDate(year, 5, 7))
        {
            days.Add(new LocalDate(year, 5, 6));
        }

        return days.ToFrozenSet();
    }

    /// <summary>Gregorian Easter Sunday (anonymous Gregorian algorithm).</summary>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }
}

/// <summary>When contact is allowed: outside quiet hours, not on Sundays or public holidays, in the tenant's zone.</summary>
public static class ContactCalendar
{
    public static bool IsAllowedDay(LocalDate date, QuietHours rules) =>
        !(rules.Sundays && date.DayOfWeek == IsoDayOfWeek.Sunday) && !(rules.PublicHolidays && DutchHolidays.IsHoliday(date));

    public static bool IsAllowed(DateTimeOffset instant, QuietHours rules, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime;
        return IsAllowedDay(local.Date, rules) && InDaytime(local.TimeOfDay, rules);
    }

    /// <summary>The first allowed moment at or after <paramref name="instant"/>; never earlier, never dropped.</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset instant, QuietHours rules, DateTimeZone zone)
    {
        if (IsAllowed(instant, rules, zone))
        {
            return instant;
        }

        var date = Instant.FromDateTimeOffset(instant).InZone(zone).Date;
        for (var day = 0; day < 400; day++, date = date.PlusDays(1))
        {
            if (!IsAllowedDay(date, rules))
            {
                continue;
            }

            foreach (var opening in Openings(rules))
            {
                // A time that does not exist on a spring-forward night moves to the first moment after the gap.
                var candidate = date.At(opening).InZoneLeniently(zone).ToDateTimeOffset();
                if (candidate >= instant)
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("no allowed contact moment within 400 days; the quiet-hour rules exclude every day");
    }

    // The times of day at which an allowed stretch begins.
    private static LocalTime[] Openings(QuietHours rules) =>
        rules.Start > rules.End ? [rules.End] : [LocalTime.Midnight, rules.End];

    private static bool InDaytime(LocalTime time, QuietHours rules) =>
        rules.Start > rules.End
            ? time >= rules.End && time < rules.Start
            : time < rules.Start || time >= rules.End;
}

using Journey.Domain.Policies;

namespace Journey.Domain.Tests;

public class QuietHoursTests
{
    private static readonly QuietHours Wki = new();

    [Theory]
    [InlineData("2026-03-07T21:30:00+01:00", "2026-03-09T07:00:00+01:00", "Saturday evening waits for Monday morning (no Sundays)")]
    [InlineData("2026-04-04T21:30:00+02:00", "2026-04-07T07:00:00+02:00", "Saturday before Easter: Sunday and Easter Monday are closed")]
    [InlineData("2026-03-10T06:59:00+01:00", "2026-03-10T07:00:00+01:00", "early morning waits for seven")]
    [InlineData("2026-03-10T07:00:00+01:00", "2026-03-10T07:00:00+01:00", "seven is allowed")]
    [InlineData("2026-03-10T19:59:59+01:00", "2026-03-10T19:59:59+01:00", "just before eight is allowed")]
    [InlineData("2026-03-10T20:00:00+01:00", "2026-03-11T07:00:00+01:00", "eight is quiet")]
    [InlineData("2026-03-28T22:00:00+01:00", "2026-03-30T07:00:00+02:00", "across the spring change to summer time")]
    [InlineData("2026-10-24T21:00:00+02:00", "2026-10-26T07:00:00+01:00", "across the autumn change to winter time")]
    [InlineData("2026-12-24T20:30:00+01:00", "2026-12-28T07:00:00+01:00", "Christmas, Boxing Day and a Sunday")]
    [InlineData("2026-04-26T10:00:00+02:00", "2026-04-28T07:00:00+02:00", "Sunday, then King's Day on Monday")]
    [InlineData("2026-05-13T20:15:00+02:00", "2026-05-16T07:00:00+02:00", "Ascension and its bridge Friday are closed; Saturday is open")]
    public void Contact_due_in_quiet_time_moves_to_the_next_allowed_moment(string due, string expected, string because)
    {
        Assert.True(IsoTime.TryParseInstant(due, out var dueAt));
        Assert.True(IsoTime.TryParseInstant(expected, out var expectedAt));

        var next = ContactCalendar.NextAllowed(dueAt, Wki, new Policy().Zone);

        Assert.True(expectedAt == next, $"{because}: expected {expected}, got {IsoTime.Format(next)}");
    }

    // Hand-written: the WKI's daytime (07:00–20:00 Amsterdam), Sundays and the Algemene termijnenwet days; the
    // engine tests and scenarios use IsAllowed as their check that nothing went out in quiet time.
    [Theory]
    [InlineData("2026-03-10T10:00:00+01:00", true, "a Tuesday morning")]
    [InlineData("2026-03-10T06:59:59+01:00", false, "a second before seven")]
    [InlineData("2026-03-10T07:00:00+01:00", true, "seven")]
    [InlineData("2026-03-10T19:59:59+01:00", true, "a second before eight")]
    [InlineData("2026-03-10T20:00:00+01:00", false, "eight")]
    [InlineData("2026-03-10T18:30:00+00:00", true, "19:30 in Amsterdam, given in UTC")]
    [InlineData("2026-03-10T19:30:00+00:00", false, "20:30 in Amsterdam, given in UTC")]
    [InlineData("2026-07-14T05:30:00+00:00", true, "07:30 summer time, given in UTC")]
    [InlineData("2026-03-08T12:00:00+01:00", false, "a Sunday noon")]
    [InlineData("2026-04-03T12:00:00+02:00", false, "Good Friday")]
    [InlineData("2026-04-27T12:00:00+02:00", false, "King's Day")]
    [InlineData("2026-05-05T12:00:00+02:00", false, "Liberation Day in a year that is not a lustrum")]
    [InlineData("2026-05-15T12:00:00+02:00", false, "the Friday after Ascension")]
    [InlineData("2026-05-16T12:00:00+02:00", true, "the Saturday after it")]
    [InlineData("2026-12-26T12:00:00+01:00", false, "Boxing Day")]
    [InlineData("2026-12-31T12:00:00+01:00", true, "New Year's Eve")]
    public void Whether_a_moment_is_open_for_contact(string at, bool allowed, string because)
    {
        Assert.True(IsoTime.TryParseInstant(at, out var instant));

        Assert.True(allowed == ContactCalendar.IsAllowed(instant, Wki, new Policy().Zone), because);
    }

    [Fact]
    public void Without_Sundays_and_holidays_as_quiet_only_the_hours_count()
    {
        var hoursOnly = new QuietHours { Sundays = false, PublicHolidays = false };
        Assert.True(IsoTime.TryParseInstant("2026-12-27T12:00:00+01:00", out var sundayNoon));
        Assert.True(IsoTime.TryParseInstant("2026-12-27T21:00:00+01:00", out var sundayNight));

        Assert.True(ContactCalendar.IsAllowed(sundayNoon, hoursOnly, new Policy().Zone));
        Assert.False(ContactCalendar.IsAllowed(sundayNight, hoursOnly, new Policy().Zone));
    }
}

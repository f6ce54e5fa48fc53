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
}

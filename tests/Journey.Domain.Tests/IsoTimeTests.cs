namespace Journey.Domain.Tests;

/// <summary>Input times: every accepted shape, by hand-written expected instants; every refused one refused.</summary>
public class IsoTimeTests
{
    public static TheoryData<string, int, int, int, int, int, int, int, int> Accepted => new()
    {
        // text, y, M, d, h, m, s, offset hours, offset minutes
        { "2026-03-02T10:00:00+01:00", 2026, 3, 2, 10, 0, 0, 1, 0 },
        { "2026-03-29T02:30:00+02:00", 2026, 3, 29, 2, 30, 0, 2, 0 },
        { "2024-02-29T23:59:59-05:30", 2024, 2, 29, 23, 59, 59, -5, -30 },
        { "2026-12-31T00:00:00+14:00", 2026, 12, 31, 0, 0, 0, 14, 0 },
        { "2026-01-01T00:00:00-00:00", 2026, 1, 1, 0, 0, 0, 0, 0 },
        { "2026-03-02T10:00+01:00", 2026, 3, 2, 10, 0, 0, 1, 0 },
        { "2026-03-02T09:00:00Z", 2026, 3, 2, 9, 0, 0, 0, 0 },
        { "2026-03-02t10:00:00+01:00", 2026, 3, 2, 10, 0, 0, 1, 0 },
        { " 2026-03-02T10:00:00+01:00 ", 2026, 3, 2, 10, 0, 0, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void An_instant_with_an_offset_is_read_exactly(string text, int year, int month, int day, int hour, int minute, int second, int offsetHours, int offsetMinutes)
    {
        Assert.True(IsoTime.TryParseInstant(text, out var instant));
        var expected = new DateTimeOffset(year, month, day, hour, minute, second, new TimeSpan(offsetHours, offsetMinutes, 0));
        Assert.Equal(expected.UtcTicks, instant.UtcTicks);
        Assert.Equal(expected.Offset, instant.Offset);
    }

    [Fact]
    public void Fractions_of_a_second_are_kept()
    {
        Assert.True(IsoTime.TryParseInstant("2026-03-02T10:00:00.125+01:00", out var instant));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, 125, TimeSpan.Zero).UtcTicks, instant.UtcTicks);
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00")]          // no offset
    [InlineData("2026-02-29T10:00:00+01:00")]    // 2026 is no leap year
    [InlineData("2026-04-31T10:00:00+01:00")]
    [InlineData("2026-13-01T10:00:00+01:00")]
    [InlineData("2026-00-10T10:00:00+01:00")]
    [InlineData("2026-03-00T10:00:00+01:00")]
    [InlineData("2026-03-02T24:00:00+01:00")]
    [InlineData("2026-03-02T10:60:00+01:00")]
    [InlineData("2026-03-02T10:00:60+01:00")]
    [InlineData("2026-03-02T10:00:00+14:30")]    // beyond ±14:00
    [InlineData("2026-03-02T10:00:00+01:60")]
    [InlineData("2026-03-02T10:00:00*01:00")]
    [InlineData("2026-03-02 10:00:00+01:00")]
    [InlineData("2026-0a-02T10:00:00+01:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Anything_else_is_refused(string text) => Assert.False(IsoTime.TryParseInstant(text, out _));
}

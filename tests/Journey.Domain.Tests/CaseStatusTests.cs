using Journey.Domain;
using NodaTime;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class CaseStatusTests
{
    private static readonly CaseState Due15March = Empty.Apply(Invoice("inv-1", 100m, new DateOnly(2026, 3, 15))).Cases[0];

    [Theory]
    [InlineData("2026-03-15T23:59:59+01:00", CaseStage.OPEN)]
    [InlineData("2026-03-15T22:59:59+00:00", CaseStage.OPEN)]
    [InlineData("2026-03-15T23:00:00+00:00", CaseStage.OVERDUE)]
    [InlineData("2026-03-16T00:00:00+01:00", CaseStage.OVERDUE)]
    public void A_case_is_overdue_from_midnight_tenant_time_after_its_due_date(string now, CaseStage expected)
    {
        Assert.True(IsoTime.TryParseInstant(now, out var instant));
        Assert.Equal(expected, CaseStatus.StageAt(Due15March, instant, CaseStatus.DefaultZone));
    }

    [Fact]
    public void Overdue_start_follows_summer_time()
    {
        var dueInSummer = Due15March with { DueDate = new DateOnly(2026, 7, 1) };

        Assert.Equal(new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.FromHours(2)), CaseStatus.OverdueFrom(dueInSummer, CaseStatus.DefaultZone));
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.FromHours(-4)), CaseStatus.OverdueFrom(dueInSummer, DateTimeZoneProviders.Tzdb["America/New_York"]));
    }

    [Fact]
    public void Paid_and_credited_cases_are_settled()
    {
        var paid = Empty.Apply(Invoice("a", 10m), Payment(10m, "a")).Cases[0];
        var credited = Empty.Apply(Invoice("a", 10m), Make(TouchpointType.CREDIT_NOTE_ISSUED, "a", 10m)).Cases[0];

        Assert.Equal(CaseStage.PAID, CaseStatus.StageAt(paid, Start.AddYears(1), CaseStatus.DefaultZone));
        Assert.Equal(CaseStage.CLOSED, CaseStatus.StageAt(credited, Start.AddYears(1), CaseStatus.DefaultZone));
    }
}

using NodaTime;

namespace Journey.Domain.Rules;

/// <summary>Calendar arithmetic in the tenant's zone: P1D is one calendar day, also across a daylight-saving change.</summary>
public static class ZonedTime
{
    public static DateTimeOffset Add(DateTimeOffset instant, Period period, DateTimeZone zone) =>
        Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime.Plus(period).InZoneLeniently(zone).ToDateTimeOffset();

    public static DateTimeOffset Subtract(DateTimeOffset instant, Period period, DateTimeZone zone) =>
        Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime.Minus(period).InZoneLeniently(zone).ToDateTimeOffset();

    /// <summary>00:00 tenant time on the day after <paramref name="date"/>: the end of that day.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date, DateTimeZone zone) =>
        LocalDate.FromDateOnly(date).PlusDays(1).AtStartOfDayInZone(zone).ToDateTimeOffset();
}

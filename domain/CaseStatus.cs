using NodaTime;

namespace Journey.Domain;

/// <summary>Where a case stands at a given moment, in the tenant's time zone.</summary>
public static class CaseStatus
{
    public static DateTimeZone DefaultZone { get; } = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    /// <summary>A case is overdue from 00:00 tenant time on the day after its due date.</summary>
    public static DateTimeOffset OverdueFrom(CaseState @case, DateTimeZone zone) => OverdueStarts.Of(@case.DueDate, zone);

    /// <summary>
    /// 00:00 tenant time on the day after a due date, worked out once per (date, zone): the rules ask
    /// for it for every open case on every step, and the zone's mapping is an allocation each time.
    /// Past a bound (years of dates in many zones), it is worked out afresh rather than kept.
    /// </summary>
    private static class OverdueStarts
    {
        private const int Bound = 16_384;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(DateOnly DueDate, DateTimeZone Zone), DateTimeOffset> Known = new();

        public static DateTimeOffset Of(DateOnly dueDate, DateTimeZone zone)
        {
            if (Known.TryGetValue((dueDate, zone), out var from))
            {
                return from;
            }

            from = LocalDate.FromDateOnly(dueDate).PlusDays(1).AtStartOfDayInZone(zone).ToDateTimeOffset();
            if (Known.Count < Bound)
            {
                Known.TryAdd((dueDate, zone), from);
            }

            return from;
        }
    }

    /// <summary>When a case that was settled by payments after it became overdue was paid off; null for any other case.</summary>
    public static DateTimeOffset? PaidLateAt(CaseState @case, DateTimeZone zone) =>
        !@case.IsOpen && !@case.IsClosed && @case.Payments.Length > 0 && @case.Payments.Max(p => p.ReceivedAt) is var paidAt && paidAt >= OverdueFrom(@case, zone)
            ? paidAt
            : null;

    public static CaseStage StageAt(CaseState @case, DateTimeOffset now, DateTimeZone zone)
    {
        if (@case.IsClosed)
        {
            return CaseStage.CLOSED;
        }

        if (@case.AmountDue == 0m)
        {
            return @case.AmountPaid > 0m ? CaseStage.PAID : CaseStage.CLOSED;
        }

        if (@case.Ladder.Started)
        {
            return @case.Ladder.Stage;
        }

        return now >= OverdueFrom(@case, zone) ? CaseStage.OVERDUE : CaseStage.OPEN;
    }

    /// <summary>The reason shown for a case on hold: the earliest open hold that covers it.</summary>
    public static Hold? ActiveHold(CustomerState customer, CaseState @case, Policies.HoldScope scope = Policies.HoldScope.AS_REPORTED) =>
        @case.IsOpen ? customer.HoldsCovering(@case.CaseId, scope).OrderBy(h => h.OpenedAt).FirstOrDefault() : null;

    /// <summary>The case's own timeline: touchpoints that name it, and payments that settled it.</summary>
    public static IEnumerable<Touchpoint> Timeline(CustomerState customer, CaseState @case) =>
        customer.Timeline.Where(t => t.CaseId == @case.CaseId || @case.Payments.Any(p => p.PaymentEventId == t.EventId));
}

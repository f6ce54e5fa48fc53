using System.Collections.Immutable;

namespace Journey.Domain.Rules;

public enum AgeingBucket
{
    CURRENT,
    D1_30,
    D31_60,
    D61_90,
    D90_PLUS,
}

/// <summary>The open amount and the open cases whose days past due fall in one bucket.</summary>
public sealed record AgeingRow(AgeingBucket Bucket, decimal Amount, long Count);

/// <summary>One week of the cash forecast (weeks start on Monday): what is expected in it and what came in.</summary>
public sealed record ForecastWeek(DateOnly WeekStart, decimal Expected, decimal Received);

/// <summary>
/// A tenant's receivables figures as of a day, read from the sums its customers' facts built
/// (<see cref="ReceivablesFacts"/>), for all customers or one segment, all debtors or one type.
/// Everything that depends on the day is decided here: how far past due an amount is, whether an
/// unpaid promise's day has passed, which weeks are still to come.
/// </summary>
public sealed class ReceivablesFigures
{
    private readonly Dictionary<string, SortedDictionary<DateOnly, double>> _byMeasure = new(StringComparer.Ordinal);

    private ReceivablesFigures(DateOnly today) => Today = today;

    public DateOnly Today { get; }

    /// <param name="sums">The tenant's statistics sums by key (other keys are ignored).</param>
    /// <param name="segment">A policy segment's id, or null for every customer.</param>
    public static ReceivablesFigures From(IEnumerable<KeyValuePair<string, double>> sums, DateOnly today, string? segment = null, DebtorType? debtorType = null)
    {
        var figures = new ReceivablesFigures(today);
        var wanted = segment ?? ReceivablesFacts.AllCustomers;
        foreach (var (key, sum) in sums)
        {
            if (ReceivablesFacts.Parse(key) is not { } parsed || parsed.Segment != wanted || (debtorType is { } type && parsed.DebtorType != type))
            {
                continue;
            }

            if (!figures._byMeasure.TryGetValue(parsed.Measure, out var byDay))
            {
                figures._byMeasure[parsed.Measure] = byDay = [];
            }

            byDay[parsed.Day] = byDay.GetValueOrDefault(parsed.Day) + sum;
        }

        return figures;
    }

    /// <summary>Days past due: 0 or less is current; then 1–30, 31–60, 61–90 and over 90.</summary>
    public static AgeingBucket BucketOf(int daysPastDue) => daysPastDue switch
    {
        <= 0 => AgeingBucket.CURRENT,
        <= 30 => AgeingBucket.D1_30,
        <= 60 => AgeingBucket.D31_60,
        <= 90 => AgeingBucket.D61_90,
        _ => AgeingBucket.D90_PLUS,
    };

    /// <summary>Every bucket, in order, with what is open in it today.</summary>
    public ImmutableArray<AgeingRow> Ageing()
    {
        var amounts = new double[5];
        var counts = new double[5];
        foreach (var (due, amount) in Measure(ReceivablesFacts.Open))
        {
            amounts[(int)BucketOf(Today.DayNumber - due.DayNumber)] += amount;
        }

        foreach (var (due, count) in Measure(ReceivablesFacts.OpenCases))
        {
            counts[(int)BucketOf(Today.DayNumber - due.DayNumber)] += count;
        }

        return [.. Enum.GetValues<AgeingBucket>().Select(b => new AgeingRow(b, Money(amounts[(int)b]), (long)counts[(int)b]))];
    }

    /// <summary>All that is open today.</summary>
    public decimal Open => Money(Measure(ReceivablesFacts.Open).Sum(e => e.Value));

    /// <summary>What is open and past its due date today.</summary>
    public decimal Overdue => Money(Measure(ReceivablesFacts.Open).Where(e => e.Key < Today).Sum(e => e.Value));

    /// <summary>
    /// Days sales outstanding by the countback method: starting today and going back a day at a time
    /// through the last <paramref name="days"/> days, each day's invoicing is taken from what is open
    /// until what is open is used up; the day where it runs out counts for the share it took. Open
    /// amounts beyond the whole period's invoicing count at the period's average day. Null when nothing
    /// was invoiced in the period while something is open; 0 when nothing is open.
    /// </summary>
    public double? Dso(int days)
    {
        if (days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(days), "must be at least 1");
        }

        var remaining = Measure(ReceivablesFacts.Open).Sum(e => e.Value);
        if (remaining <= 0)
        {
            return 0;
        }

        var invoiced = Measure(ReceivablesFacts.Invoiced);
        var total = 0d;
        var counted = 0d;
        for (var back = 0; back < days; back++)
        {
            var sales = invoiced.GetValueOrDefault(Today.AddDays(-back));
            total += sales;
            if (sales > 0 && remaining <= sales)
            {
                return counted + remaining / sales;
            }

            remaining -= sales;
            counted += 1;
        }

        return total > 0 ? counted + remaining / (total / days) : null;
    }

    /// <summary>Promises kept, of those kept or broken (a promise not paid in full is broken once its day has passed); null before any.</summary>
    public double? PromiseKeptRate()
    {
        var kept = Measure(ReceivablesFacts.PromisesKept).Sum(e => e.Value);
        var broken = Measure(ReceivablesFacts.PromisesUnkept).Where(e => e.Key < Today).Sum(e => e.Value);
        return kept + broken > 0 ? kept / (kept + broken) : null;
    }

    public long PromisesKept => (long)Measure(ReceivablesFacts.PromisesKept).Sum(e => e.Value);

    public long PromisesBroken => (long)Measure(ReceivablesFacts.PromisesUnkept).Where(e => e.Key < Today).Sum(e => e.Value);

    /// <summary>Monday of the week a day falls in.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>
    /// The cash forecast: <paramref name="past"/> weeks that have ended, then this week and the weeks after
    /// it, <paramref name="weeks"/> in all. A week that has ended expected what fell due in it (invoices by due
    /// date); this week and later ones expect what is open with its expected day in them — a promise's day,
    /// or the due date — from today on. Received is what came in during the week (this week: so far).
    /// Open amounts whose expected day has passed are not forecast: they are in the ageing.
    /// </summary>
    public ImmutableArray<ForecastWeek> Forecast(int weeks, int past = 0)
    {
        if (weeks < 1 || weeks > 104 || past < 0 || past > 104)
        {
            throw new ArgumentOutOfRangeException(weeks < 1 || weeks > 104 ? nameof(weeks) : nameof(past), "must be between 1 and 104 (past: 0 and 104)");
        }

        var thisWeek = WeekOf(Today);
        var received = Measure(ReceivablesFacts.Received);
        var fallingDue = Measure(ReceivablesFacts.FallingDue);
        var open = Measure(ReceivablesFacts.Open);
        var moved = Measure(ReceivablesFacts.ExpectedMoved);
        double Between(SortedDictionary<DateOnly, double> byDay, DateOnly from, DateOnly to) => byDay.Where(e => e.Key >= from && e.Key <= to).Sum(e => e.Value);

        var rows = ImmutableArray.CreateBuilder<ForecastWeek>(past + weeks);
        for (var w = -past; w < weeks; w++)
        {
            var start = thisWeek.AddDays(7 * w);
            var end = start.AddDays(6);
            var from = start < Today ? Today : start;
            var expectedInWeek = w < 0 ? Between(fallingDue, start, end) : Between(open, from, end) + Between(moved, from, end);
            rows.Add(new ForecastWeek(start, Money(expectedInWeek), Money(Between(received, start, end))));
        }

        return rows.MoveToImmutable();
    }

    private SortedDictionary<DateOnly, double> Measure(string measure) => _byMeasure.TryGetValue(measure, out var byDay) ? byDay : Empty;

    private static readonly SortedDictionary<DateOnly, double> Empty = [];

    private static decimal Money(double units) => global::Journey.Domain.Money.Scaled(decimal.Round((decimal)units) / (decimal)ReceivablesFacts.Scale);
}

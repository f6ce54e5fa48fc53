using System.Globalization;

namespace Journey.Domain.Rules;

/// <summary>
/// What a customer contributes to the tenant's receivables figures, as statistics facts: the
/// difference between what the state after a step contributes and what the state before it did. A
/// contribution names dates, never "today" (open amounts by due date, invoicing by invoice date, money
/// by the day it came, promises by their promised day), so a figure that depends on the day — how far
/// past due, whether a promise was broken, which week is still to come — is worked out when it is read
/// (<see cref="ReceivablesFigures"/>) and needs no step when the calendar moves on. Amounts travel as
/// whole ten-thousandths, so sums of them in the statistics are exact.
/// </summary>
public static class ReceivablesFacts
{
    public const string Prefix = "ar|";

    /// <summary>The key part that stands for every customer, whatever their segments.</summary>
    public const string AllCustomers = "*";

    /// <summary>
    /// How far back a day is kept as itself. A contribution made at a step files any day older than this
    /// before the step's day under <see cref="LongAgo"/>, so a tenant's sums hold at most this many days per
    /// measure, however long its history. No figure reads a day that old as itself: the DSO counts back at
    /// most <see cref="MaxCountbackDays"/>, the forecast's past at most 104 weeks, and everything older is
    /// read alike (over 90 days past due, before the period, broken); so an amount added on its own day and
    /// removed on <see cref="LongAgo"/> years later nets out in every figure.
    /// </summary>
    public const int HistoryDays = 740;

    public const int MaxCountbackDays = 730;

    public static readonly DateOnly LongAgo = DateOnly.MinValue;

    /// <summary>Amounts are counted in ten-thousandths of the currency unit.</summary>
    public const double Scale = 10_000d;

    /// <summary>Open amount by due date.</summary>
    public const string Open = "open";

    /// <summary>Open cases by due date.</summary>
    public const string OpenCases = "cases";

    /// <summary>Invoiced amount by the invoice's date (the sales the countback DSO counts back through).</summary>
    public const string Invoiced = "invoiced";

    /// <summary>Invoiced amount by due date (what a past week expected).</summary>
    public const string FallingDue = "due";

    /// <summary>Money received by the day it came.</summary>
    public const string Received = "received";

    /// <summary>
    /// Open amount moved from its due date to the day it is expected instead (a promise's day, an instalment's):
    /// plus on that day, minus on the due date. What is expected on a day is what is open by due date that day
    /// plus what was moved to or from it, so a case without a promise or plan adds nothing here.
    /// </summary>
    public const string ExpectedMoved = "moved";

    /// <summary>Promises paid in full by their day, by that day.</summary>
    public const string PromisesKept = "kept";

    /// <summary>Promises not (yet) paid in full, by their day: broken once the day has passed.</summary>
    public const string PromisesUnkept = "unkept";

    public static string Key(string measure, string segment, DebtorType debtorType, DateOnly day) =>
        $"{Prefix}{measure}|{segment}|{debtorType}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Parses a key made by <see cref="Key"/>; null for any other statistics key.</summary>
    public static (string Measure, string Segment, DebtorType DebtorType, DateOnly Day)? Parse(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key.Split('|');
        return parts.Length == 5 && Enum.TryParse<DebtorType>(parts[3], out var debtorType)
            && DateOnly.TryParseExact(parts[4], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? (parts[1], parts[2], debtorType, day)
            : null;
    }

    /// <summary>Whether anything a contribution is made of differs between the two states (most steps: it does not).</summary>
    public static bool Differ(CustomerState before, CustomerState after) =>
        before.Cases != after.Cases || before.Promises != after.Promises || before.Credits != after.Credits
        || before.Segments != after.Segments || before.Arrangements != after.Arrangements;

    /// <summary>The facts that turn the tenant's figures from <paramref name="before"/>'s contribution to <paramref name="after"/>'s.</summary>
    /// <param name="today">The step's day: days more than <see cref="HistoryDays"/> before it are filed under <see cref="LongAgo"/>.</param>
    public static void Add(CustomerState before, CustomerState after, ICollection<StatisticsFact> facts, DateOnly? today = null)
    {
        if (!Differ(before, after))
        {
            return;
        }

        // Keys are made as text only for what changed: a payment changes three or four of the dozen a case contributes.
        // The parts are summed in a scratch map of this thread's (this runs on every step that changes a case).
        var change = Scratch ??= [];
        try
        {
            var oldest = today?.AddDays(-HistoryDays) ?? DateOnly.MinValue;
            Contribute(after, change, +1, oldest);
            Contribute(before, change, -1, oldest);
            foreach (var (part, value) in change)
            {
                if (value != 0)
                {
                    facts.Add(new StatisticsFact(part.Key, value));
                }
            }
        }
        finally
        {
            change.Clear();
        }
    }

    [ThreadStatic]
    private static Dictionary<Part, double>? Scratch;

    private static readonly string[] OnlyAllCustomers = [AllCustomers];

    private static readonly Dictionary<string, List<(DateOnly, decimal)>> NoneExpected = new(StringComparer.Ordinal);

    /// <summary>What <paramref name="state"/> contributes, by key, added to <paramref name="into"/> times <paramref name="sign"/>.</summary>
    public static void Contribute(CustomerState state, IDictionary<string, double> into, int sign)
    {
        var parts = new Dictionary<Part, double>();
        Contribute(state, parts, sign, DateOnly.MinValue);
        foreach (var (part, value) in parts)
        {
            into[part.Key] = into.TryGetValue(part.Key, out var held) ? held + value : value;
        }
    }

    private readonly record struct Part(string Measure, string Segment, DebtorType DebtorType, DateOnly Day)
    {
        public string Key => Keys.Of(this);
    }

    /// <summary>
    /// Keys made once per part: many customers share due dates and payment days, and each key stays in its
    /// customer's pending batch until counted. Past a bound, keys are made afresh rather than kept.
    /// </summary>
    private static class Keys
    {
        private const int Bound = 16_384;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Part, string> Made = new();

        public static string Of(Part part)
        {
            if (Made.TryGetValue(part, out var key))
            {
                return key;
            }

            key = Key(part.Measure, part.Segment, part.DebtorType, part.Day);
            if (Made.Count < Bound)
            {
                Made.TryAdd(part, key);
            }

            return key;
        }
    }

    private static void Contribute(CustomerState state, Dictionary<Part, double> into, int sign, DateOnly oldest)
    {
        if (state.Cases.IsEmpty && state.Credits.IsEmpty && state.Promises.IsEmpty)
        {
            return;
        }

        // Every customer counts under "all customers" and under each segment it was in at its last decision.
        var segments = OnlyAllCustomers;
        if (!state.Segments.IsEmpty)
        {
            segments = new string[state.Segments.Length + 1];
            segments[0] = AllCustomers;
            for (var i = 0; i < state.Segments.Length; i++)
            {
                segments[i + 1] = state.Segments[i];
            }
        }

        void Put(string measure, DebtorType debtorType, DateOnly day, double value)
        {
            if (value == 0)
            {
                return;
            }

            day = day < oldest ? LongAgo : day;
            foreach (var segment in segments)
            {
                var part = new Part(measure, segment, debtorType, day);
                into[part] = into.GetValueOrDefault(part) + sign * value;
            }
        }

        var expected = ExpectedDays(state);
        foreach (var @case in state.Cases)
        {
            var debtorType = @case.DebtorType;
            Put(Invoiced, debtorType, Day(@case.OpenedAt), Units(@case.AmountInvoiced));
            Put(FallingDue, debtorType, @case.DueDate, Units(@case.AmountInvoiced));
            foreach (var payment in @case.Payments)
            {
                Put(Received, debtorType, Day(payment.ReceivedAt), Units(payment.Amount));
            }

            if (@case.AmountDue > 0m)
            {
                Put(Open, debtorType, @case.DueDate, Units(@case.AmountDue));
                Put(OpenCases, debtorType, @case.DueDate, 1);
                if (expected.TryGetValue(@case.CaseId, out var parts))
                {
                    foreach (var (day, amount) in parts)
                    {
                        Put(ExpectedMoved, debtorType, day, Units(amount));
                        Put(ExpectedMoved, debtorType, @case.DueDate, -Units(amount));
                    }
                }
            }
        }

        // Money no case has absorbed yet was still received; the customer's first case (or a consumer) names its debtor type.
        var creditType = state.Cases.IsEmpty ? DebtorType.CONSUMER : state.Cases[0].DebtorType;
        foreach (var credit in state.Credits)
        {
            Put(Received, creditType, Day(credit.ReceivedAt), Units(credit.Amount));
        }

        foreach (var promise in state.Promises)
        {
            var covered = Covered(state, promise);
            var debtorType = covered.Count > 0 ? covered[0].DebtorType : creditType;
            Put(Kept(promise, covered) ? PromisesKept : PromisesUnkept, debtorType, promise.PromisedFor, 1);
        }
    }

    /// <summary>
    /// Whether a promise was paid in full by its day: the payments on the cases it covers, received from
    /// when it was made through its day, reach the promised amount — or, without an amount, what the
    /// cases owed when it was made (what they owe now plus what has been paid since).
    /// </summary>
    public static bool Kept(PromiseToPay promise, IReadOnlyList<CaseState> covered)
    {
        decimal paidInTime = 0m, paidSince = 0m, owed = 0m;
        foreach (var @case in covered)
        {
            owed += @case.AmountDue;
            foreach (var payment in @case.Payments)
            {
                if (payment.ReceivedAt < promise.MadeAt)
                {
                    continue;
                }

                paidSince += payment.Amount;
                if (Day(payment.ReceivedAt) <= promise.PromisedFor)
                {
                    paidInTime += payment.Amount;
                }
            }
        }

        var required = promise.Amount ?? owed + paidSince;
        return required > 0m && paidInTime >= required;
    }

    /// <summary>The cases a promise covers: its case, or every case that was open when it was made.</summary>
    public static List<CaseState> Covered(CustomerState state, PromiseToPay promise)
    {
        var covered = new List<CaseState>();
        foreach (var @case in state.Cases)
        {
            if (promise.CaseId is { } caseId ? @case.CaseId == caseId : @case.OpenedAt <= promise.MadeAt && (@case.AmountDue > 0m || @case.Payments.Any(p => p.ReceivedAt >= promise.MadeAt)))
            {
                covered.Add(@case);
            }
        }

        return covered;
    }

    /// <summary>
    /// When each open case's money is expected, where that is not simply its due date: an instalment plan
    /// that holds puts each unpaid instalment on its own due date; otherwise the newest promise not yet
    /// kept moves the promised amount (all that is owed, without one) of the cases it covers to its day,
    /// oldest due first.
    /// </summary>
    private static Dictionary<string, List<(DateOnly Day, decimal Amount)>> ExpectedDays(CustomerState state)
    {
        if (state.Promises.IsEmpty && state.Arrangements.IsEmpty)
        {
            return NoneExpected;
        }

        var expected = new Dictionary<string, List<(DateOnly, decimal)>>(StringComparer.Ordinal);

        // A plan that holds: each instalment not yet paid on its own due date.
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var @case in state.Cases)
        {
            if (@case.AmountDue <= 0m || @case.PlanMissed is not null || InstalmentPlans.ArrangementOf(state, @case) is not { } arrangement
                || InstalmentPlans.Schedule(@case, arrangement) is not { } schedule)
            {
                continue;
            }

            // Payments cover the schedule from its start, so what is owed is its tail.
            var left = @case.AmountDue;
            var parts = new List<(DateOnly, decimal)>();
            for (var i = schedule.Length - 1; i >= 0 && left > 0m; i--)
            {
                var part = Math.Min(schedule[i].Amount, left);
                parts.Insert(0, (schedule[i].DueDate, part));
                left -= part;
            }

            placed.Add(@case.CaseId);
            expected[@case.CaseId] = parts;
        }

        for (var i = state.Promises.Length - 1; i >= 0; i--)
        {
            var promise = state.Promises[i];
            var covered = Covered(state, promise);
            if (Kept(promise, covered))
            {
                continue;
            }

            var promised = promise.Amount ?? decimal.MaxValue;
            foreach (var @case in covered.Where(c => c.AmountDue > 0m && !placed.Contains(c.CaseId)).OrderBy(c => c.DueDate))
            {
                placed.Add(@case.CaseId);
                var part = Math.Min(promised, @case.AmountDue);
                promised -= part;
                List<(DateOnly, decimal)> parts = part > 0m ? [(promise.PromisedFor, part)] : [];
                if (@case.AmountDue - part > 0m)
                {
                    parts.Add((@case.DueDate, @case.AmountDue - part));
                }

                expected[@case.CaseId] = parts;
            }
        }

        return expected;
    }

    /// <summary>The calendar day of a moment as its sender wrote it (a bank statement's day, in the sender's own offset).</summary>
    public static DateOnly Day(DateTimeOffset moment) => DateOnly.FromDateTime(moment.DateTime);

    public static double Units(decimal amount) => (double)decimal.Round(amount * (decimal)Scale);
}

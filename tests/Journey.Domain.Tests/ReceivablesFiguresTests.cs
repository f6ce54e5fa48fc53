using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>
/// Ten customers' ledger, lived through the step function, read on Monday 15 June 2026. The expected
/// figures are worked out by hand in the table of docs/credit-numbers.md (and in the comments here).
/// </summary>
public class ReceivablesFiguresTests
{
    public static readonly DateOnly Today = new(2026, 6, 15);

    private static readonly Policy Policy = PolicyParser.Parse("webshop", """
        timeZone: Europe/Amsterdam
        segments:
          - id: business
            when: { debtorType: BUSINESS }
        """).Policy! with { Version = 1 };

    private static DateTimeOffset At(int month, int day) => new(2026, month, day, 10, 0, 0, TimeSpan.FromHours(2));

    private static DateOnly On(int month, int day) => new(2026, month, day);

    private static Touchpoint Promise(string caseId, decimal amount, DateOnly day, DateTimeOffset at) =>
        Make(TouchpointType.PROMISE_TO_PAY, caseId, amount, "EUR", day, at);

    /// <summary>The ledger: per customer, its touchpoints in the order they happened.</summary>
    public static readonly (string Customer, Touchpoint[] Touchpoints)[] Ledger =
    [
        // Open 100, due today: current.
        ("c01", [Invoice("c01-inv", 100m, On(6, 15), At(6, 1))]),
        // 200 due 3 June, 50 paid on 10 June: 150 open, 12 days past due.
        ("c02", [Invoice("c02-inv", 200m, On(6, 3), At(5, 20)), Payment(50m, "c02-inv", At(6, 10))]),
        // 300 due 15 April: 61 days past due.
        ("c03", [Invoice("c03-inv", 300m, On(4, 15), At(4, 1))]),
        // 90 due 15 February: 120 days past due.
        ("c04", [Invoice("c04-inv", 90m, On(2, 15), At(2, 1))]),
        // Promised on 20 May to pay 250 by 1 June, paid on 30 May: kept, nothing open.
        ("c05", [Invoice("c05-inv", 250m, On(5, 15), At(5, 1)), Promise("c05-inv", 250m, On(6, 1), At(5, 20)), Payment(250m, "c05-inv", At(5, 30))]),
        // Promised on 28 May to pay 120 by 5 June, not paid: broken; 120 open, 19 days past due.
        ("c06", [Invoice("c06-inv", 120m, On(5, 27), At(5, 13)), Promise("c06-inv", 120m, On(6, 5), At(5, 28))]),
        // Due 19 June, promised on 10 June for 24 June: not yet due, the promise still to come.
        ("c07", [Invoice("c07-inv", 80m, On(6, 19), At(6, 5)), Promise("c07-inv", 80m, On(6, 24), At(6, 10))]),
        // 60 due 26 June.
        ("c08", [Invoice("c08-inv", 60m, On(6, 26), At(6, 12))]),
        // Promised 90 by 31 May, paid on 15 June (today): the promise broken, nothing open.
        ("c09", [Invoice("c09-inv", 90m, On(5, 15), At(5, 1)), Promise("c09-inv", 90m, On(5, 31), At(5, 20)), Payment(90m, "c09-inv", At(6, 15))]),
        // A business: 500 due 14 July.
        ("c10", [Invoice("c10-inv", 500m, On(7, 14), At(6, 14), debtorType: "BUSINESS")]),
    ];

    /// <summary>Each customer lived through the step, as the grain runs it; the facts of every step, summed as the tenant's statistics sum them.</summary>
    public static (Dictionary<string, double> Sums, List<CustomerState> States) Live()
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var states = new List<CustomerState>();
        foreach (var (customer, touchpoints) in Ledger)
        {
            var state = CustomerJourney.Empty(Tenant, customer);
            foreach (var touchpoint in touchpoints)
            {
                var step = JourneyStep.Touchpoints(state, [touchpoint with { CustomerId = customer }], Policy, touchpoint.OccurredAt, JourneySettings.Default);
                Assert.Equal(ApplyStatus.Accepted, step.Outcomes.Single().Status);
                state = step.State;
            }

            // Nothing was counted, so every batch of the customer's life is still pending.
            foreach (var fact in state.PendingStatistics.SelectMany(b => b.Facts))
            {
                sums[fact.Key] = sums.GetValueOrDefault(fact.Key) + fact.Value;
            }

            states.Add(state);
        }

        return (sums, states);
    }

    [Fact]
    public void Ageing_puts_each_open_amount_in_its_bucket_by_days_past_due()
    {
        var figures = ReceivablesFigures.From(Live().Sums, Today);

        // CURRENT: c01 100 + c07 80 + c08 60 + c10 500; 1–30: c02 150 + c06 120; 61–90: c03; over 90: c04.
        Assert.Equal<AgeingRow>(
            [
                new AgeingRow(AgeingBucket.CURRENT, 740.00m, 4),
                new AgeingRow(AgeingBucket.D1_30, 270.00m, 2),
                new AgeingRow(AgeingBucket.D31_60, 0.00m, 0),
                new AgeingRow(AgeingBucket.D61_90, 300.00m, 1),
                new AgeingRow(AgeingBucket.D90_PLUS, 90.00m, 1),
            ],
            [.. figures.Ageing()]);
        Assert.Equal((1400.00m, 660.00m), (figures.Open, figures.Overdue));
    }

    [Fact]
    public void Dso_counts_back_through_each_days_invoicing()
    {
        var figures = ReceivablesFigures.From(Live().Sums, Today);

        // 1,400 open. Back from 15 June: 14 June 500, 12 June 60, 5 June 80, 1 June 100, 20 May 200, 13 May 120 leave 340
        // after 45 days; 1 May invoiced 340 (c05 250 + c09 90), which it takes whole: 46 days.
        Assert.Equal(46d, figures.Dso(90)!.Value, 9);

        // Thirty days (17 May – 15 June) invoiced 940 and leave 460 open: 30 days + 460 at 940 / 30 a day.
        Assert.Equal(30d + 460d / (940d / 30d), figures.Dso(30)!.Value, 9);
    }

    [Fact]
    public void Promise_kept_rate_counts_a_promise_broken_once_its_day_has_passed_unpaid()
    {
        var figures = ReceivablesFigures.From(Live().Sums, Today);

        // c05 kept; c06 and c09 (paid after its day) broken; c07's day is still to come.
        Assert.Equal((1L, 2L), (figures.PromisesKept, figures.PromisesBroken));
        Assert.Equal(1d / 3d, figures.PromiseKeptRate()!.Value, 9);

        // On 25 June c07's day has passed unpaid too.
        Assert.Equal(1d / 4d, ReceivablesFigures.From(Live().Sums, On(6, 25)).PromiseKeptRate()!.Value, 9);
    }

    [Fact]
    public void Forecast_expects_open_amounts_on_their_promised_or_due_day_and_shows_what_came_in()
    {
        var figures = ReceivablesFigures.From(Live().Sums, Today);

        Assert.Equal<ForecastWeek>(
            [
                // Weeks that have ended: what fell due in them, and what came in.
                new ForecastWeek(On(5, 25), 120.00m, 250.00m), // c06 due 27 May; c05 paid 30 May
                new ForecastWeek(On(6, 1), 200.00m, 0.00m), // c02 due 3 June
                new ForecastWeek(On(6, 8), 0.00m, 50.00m), // c02's 50 on 10 June
                // This week and those to come: what is open, on its expected day from today on.
                new ForecastWeek(On(6, 15), 100.00m, 90.00m), // c01 due today; c09 paid today
                new ForecastWeek(On(6, 22), 140.00m, 0.00m), // c07 promised 24 June (not due 19 June), c08 due 26 June
                new ForecastWeek(On(6, 29), 0.00m, 0.00m),
                new ForecastWeek(On(7, 6), 0.00m, 0.00m),
                new ForecastWeek(On(7, 13), 500.00m, 0.00m), // c10 due 14 July
            ],
            [.. figures.Forecast(weeks: 5, past: 3)]);
    }

    [Fact]
    public void A_segment_and_a_debtor_type_read_their_own_customers()
    {
        var (sums, _) = Live();
        var business = ReceivablesFigures.From(sums, Today, segment: "business");
        Assert.Equal(new AgeingRow(AgeingBucket.CURRENT, 500.00m, 1), business.Ageing()[0]);
        Assert.Equal(500.00m, business.Open);

        var consumers = ReceivablesFigures.From(sums, Today, debtorType: DebtorType.CONSUMER);
        Assert.Equal(900.00m, consumers.Open);
    }

    [Fact]
    public void The_facts_of_every_step_add_up_to_what_the_final_states_contribute()
    {
        var (sums, states) = Live();
        var recount = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            ReceivablesFacts.Contribute(state, recount, +1);
        }

        var counted = sums.Where(s => s.Key.StartsWith(ReceivablesFacts.Prefix, StringComparison.Ordinal) && s.Value != 0).ToDictionary();
        Assert.Equal(recount.Where(r => r.Value != 0).OrderBy(r => r.Key), counted.OrderBy(r => r.Key));
    }

    [Fact]
    public void A_customer_stored_before_the_figures_counts_everything_it_holds_at_its_next_step()
    {
        var stored = CustomerJourney.Empty(Tenant, "old") with { };
        var step = JourneyStep.Touchpoints(stored, [Invoice("old-1", 40m, On(6, 30), At(6, 1)) with { CustomerId = "old" }], Policy, At(6, 1), JourneySettings.Default);
        var older = step.State with { ReceivablesCounted = false, PendingStatistics = [] };

        var next = JourneyStep.Touchpoints(older, [Invoice("old-2", 60m, On(6, 30), At(6, 2)) with { CustomerId = "old" }], Policy, At(6, 2), JourneySettings.Default);
        var facts = next.State.PendingStatistics.SelectMany(b => b.Facts).ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(100d * ReceivablesFacts.Scale, facts[ReceivablesFacts.Key(ReceivablesFacts.Open, ReceivablesFacts.AllCustomers, DebtorType.CONSUMER, On(6, 30))]);
        Assert.True(next.State.ReceivablesCounted);
    }

    [Fact]
    public void A_day_older_than_the_history_is_filed_long_ago_and_every_figure_reads_as_a_recount_does()
    {
        // Invoiced 800 days before today and paid today: the payment's step files the old days under LongAgo.
        var invoiced = new DateTimeOffset(Today.AddDays(-800).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(2));
        var paidAt = new DateTimeOffset(Today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(2));
        var (sums, states) = Live();
        var old = CustomerJourney.Empty(Tenant, "old");
        foreach (var (touchpoint, at) in new[] { (Invoice("old-inv", 70m, DateOnly.FromDateTime(invoiced.AddDays(14).DateTime), invoiced), invoiced), (Payment(30m, "old-inv", paidAt), paidAt) })
        {
            old = JourneyStep.Touchpoints(old, [touchpoint with { CustomerId = "old" }], Policy, at, JourneySettings.Default).State;
        }

        var facts = old.PendingStatistics.SelectMany(b => b.Facts).ToList();
        Assert.Contains(facts, f => f.Key == ReceivablesFacts.Key(ReceivablesFacts.Open, ReceivablesFacts.AllCustomers, DebtorType.CONSUMER, ReceivablesFacts.LongAgo));
        foreach (var fact in facts)
        {
            sums[fact.Key] = sums.GetValueOrDefault(fact.Key) + fact.Value;
        }

        var recount = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var state in states.Append(old))
        {
            ReceivablesFacts.Contribute(state, recount, +1);
        }

        string Read(IReadOnlyDictionary<string, double> from)
        {
            var figures = ReceivablesFigures.From(from, Today);
            return $"{string.Join(",", figures.Ageing())} {figures.Open} {figures.Dso(ReceivablesFacts.MaxCountbackDays):0.######} {figures.PromiseKeptRate():0.######} {string.Join(",", figures.Forecast(13, 104))}";
        }

        Assert.Equal(Read(recount), Read(sums));
        Assert.Contains("D90_PLUS, Amount = 130.00, Count = 2", Read(sums));
    }
}

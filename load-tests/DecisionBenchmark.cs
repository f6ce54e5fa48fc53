using System.Diagnostics;
using System.Globalization;
using System.Text;
using HdrHistogram;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.LoadTests;

/// <summary>
/// Cost of one rule evaluation (Engine.Decide) in-process, against a baseline measured in the same
/// run: applying a touchpoint's effect (CustomerJourney.Apply) to the same state.
/// </summary>
public static class DecisionBenchmark
{
    public static int Run(string policyFile, int iterations, string? reportPath)
    {
        var policy = PolicyParser.Parse("webshop", File.ReadAllText(policyFile)).Policy! with { Version = 1 };
        var (state, now) = RealisticCustomer(policy);
        var visit = new Touchpoint("bench-visit", "webshop", "bench", null, TouchpointType.WEB_VISIT, now, Channel.WEB, null, null, null, null, null, []);

        // Warm up both paths so the JIT has done its work before anything is recorded.
        for (var i = 0; i < 20_000; i++)
        {
            Engine.Decide(state, policy, now.AddMinutes(i % 600));
            CustomerJourney.Apply(state, visit, JourneySettings.Default);
        }

        var decide = Measure(iterations, i => Engine.Decide(state, policy, now.AddMinutes(i % 600)));
        var apply = Measure(iterations, _ => CustomerJourney.Apply(state, visit, JourneySettings.Default));

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"### Rule evaluation cost ({DateTimeOffset.UtcNow:yyyy-MM-dd})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project load-tests -- decisions --iterations {iterations}`")
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. State: 3 cases (one on the ladder, one on hold, one paid), 40 contacts, 120 timeline entries; policy: policies/webshop.yaml.")
            .AppendLine()
            .AppendLine("| measurement | p50 µs | p90 µs | p99 µs | p99.9 µs | per second (one core) | ratio to baseline (p50) |")
            .AppendLine("|---|---|---|---|---|---|---|")
            .AppendLine(Row("Engine.Decide (rules, one customer)", decide, apply))
            .AppendLine(Row("baseline: CustomerJourney.Apply (touchpoint effect)", apply, apply))
            .ToString();

        Console.WriteLine(report);
        if (reportPath is not null)
        {
            File.AppendAllText(reportPath, Environment.NewLine + report);
            Console.WriteLine($"appended to {reportPath}");
        }

        return 0;
    }

    private static (LongHistogram Histogram, double PerSecond) Measure(int iterations, Action<int> work)
    {
        var histogram = new LongHistogram(TimeStamp.Seconds(1), 3);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work(i);
            histogram.RecordValue(Stopwatch.GetTimestamp() - start);
        }

        return (histogram, iterations / total.Elapsed.TotalSeconds);
    }

    private static string Row(string name, (LongHistogram Histogram, double PerSecond) result, (LongHistogram Histogram, double PerSecond) baseline)
    {
        double Micros(LongHistogram h, double percentile) => h.GetValueAtPercentile(percentile) * 1_000_000.0 / Stopwatch.Frequency;
        var ratio = Micros(result.Histogram, 50) / Micros(baseline.Histogram, 50);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Micros(result.Histogram, 50):0.0} | {Micros(result.Histogram, 90):0.0} | {Micros(result.Histogram, 99):0.0} | {Micros(result.Histogram, 99.9):0.0} | {result.PerSecond:N0} | {ratio:0.00} |");
    }

    private static (CustomerState State, DateTimeOffset Now) RealisticCustomer(Policy policy)
    {
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(1));
        var state = CustomerJourney.Empty("webshop", "bench");
        var n = 0;
        Touchpoint Make(TouchpointType type, DateTimeOffset at, string? caseId = null, decimal? amount = null, DateOnly? due = null, Channel? channel = null, params TouchpointAttribute[] attributes) =>
            new($"e{n++}", "webshop", "bench", caseId, type, at, channel, Team.BILLING, amount, amount is null ? null : "EUR", due, null, [.. attributes]);

        void Apply(Touchpoint touchpoint)
        {
            state = CustomerJourney.Apply(state, touchpoint, JourneySettings.Default).State;
            state = Engine.Decide(state, policy, touchpoint.OccurredAt, touchpoint).State;
        }

        Apply(Make(TouchpointType.INVOICE_ISSUED, start, "a", 120m, DateOnly.FromDateTime(start.Date.AddDays(14))));
        Apply(Make(TouchpointType.INVOICE_ISSUED, start, "b", 80m, DateOnly.FromDateTime(start.Date.AddDays(20))));
        Apply(Make(TouchpointType.INVOICE_ISSUED, start, "c", 40m, DateOnly.FromDateTime(start.Date.AddDays(10))));
        Apply(Make(TouchpointType.PAYMENT_RECEIVED, start.AddDays(3), "c", 40m));
        Apply(Make(TouchpointType.COMPLAINT_OPENED, start.AddDays(4), "b", attributes: new TouchpointAttribute("reason", "damaged parcel")));
        for (var i = 0; i < 40; i++)
        {
            Apply(Make(TouchpointType.MESSAGE_SENT, start.AddHours(i * 7), channel: Channel.EMAIL));
        }

        for (var i = 0; i < 73; i++)
        {
            Apply(Make(TouchpointType.WEB_VISIT, start.AddHours(i * 5), channel: Channel.WEB));
        }

        var now = start.AddDays(25);
        state = Engine.Decide(state, policy, now).State;
        return (state, now);
    }
}

using System.Globalization;
using System.Text;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.LoadTests;

/// <summary>
/// What the pure step allocates for a warm payment (the compare command's warm touchpoint), phase by phase
/// (applying the touchpoint, the rules, the statistics and receivables facts with the versioned copy), on
/// this thread alone: where the write path's bytes come from before any grain, store or transport.
/// </summary>
public static class StepAllocation
{
    public static int Run(string policyFile, int customers, string? reportPath)
    {
        var policy = PolicyParser.Parse("webshop", File.ReadAllText(policyFile)).Policy! with { Version = 1 };
        var now = new DateTimeOffset(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(2));
        var states = new CustomerState[customers];
        for (var i = 0; i < customers; i++)
        {
            var id = $"c{i}";
            var invoice = new Touchpoint($"{id}-inv", "webshop", id, $"{id}-inv", TouchpointType.INVOICE_ISSUED, now, null, Team.BILLING, 59.95m, "EUR", DateOnly.FromDateTime(now.AddDays(14).DateTime), null, []);
            states[i] = JourneyStep.Touchpoints(CustomerJourney.Empty("webshop", id), [invoice], policy, now, JourneySettings.Default).State with { PendingStatistics = [] };
        }

        var payments = states.Select(s => new Touchpoint($"{s.CustomerId}-pay", "webshop", s.CustomerId, $"{s.CustomerId}-inv", TouchpointType.PAYMENT_RECEIVED, now, null, null, 1.00m, "EUR", null, null, [])
            with { ReceivedAt = now, Arrival = s.TimelineCount }).ToArray();
        long PerStep(Func<CustomerState, Touchpoint, object> phase)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < states.Length; i++)
            {
                phase(states[i], payments[i]);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / states.Length;
        }

        object Apply(CustomerState s, Touchpoint t) => CustomerJourney.Apply(s, t, JourneySettings.Default).State;
        object Decide(CustomerState s, Touchpoint t) => Engine.Decide((CustomerState)Apply(s, t), policy, now, t);
        object Record(CustomerState s, Touchpoint t) => Statistics.Record(s, (EngineResult)Decide(s, t), s.Version + 1, long.MaxValue);
        object Step(CustomerState s, Touchpoint t) => JourneyStep.Touchpoints(s, [t], policy, now, JourneySettings.Default, statisticsCountedThrough: long.MaxValue);
        for (var warm = 0; warm < 3; warm++)
        {
            PerStep(Step);
        }

        var (apply, decide, record, step) = (PerStep(Apply), PerStep(Decide), PerStep(Record), PerStep(Step));
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"### What the pure step allocates for a warm payment ({DateTimeOffset.UtcNow:yyyy-MM-dd})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project load-tests -- step-alloc --customers {customers}`; policy: policies/webshop.yaml; each customer one invoice, then a payment of 1.00 (as `compare`'s warm pass).")
            .AppendLine()
            .AppendLine("| phase | bytes per step (cumulative) | this phase alone |")
            .AppendLine("|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| apply the payment (`CustomerJourney.Apply`) | {apply:N0} | {apply:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| + the rules (`Engine.Decide`) | {decide:N0} | {decide - apply:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| + statistics and receivables facts, the versioned copy (`Statistics.Record`) | {record:N0} | {record - decide:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| the whole step (`JourneyStep.Touchpoints`: outcomes, effects, roll) | {step:N0} | {step - record:N0} |")
            .ToString();
        Console.WriteLine(report);
        if (reportPath is not null)
        {
            File.AppendAllText(reportPath, Environment.NewLine + report);
        }

        return 0;
    }
}

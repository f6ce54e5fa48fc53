using System.Text.Json.Nodes;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>A two-variant experiment over 1,000 customers on the simulated clock, its results checked against a hand count.</summary>
[Collection(SimulatedHostCollection.Name)]
public class ExperimentTests(SimulatedHostFixture host)
{
    private const string Experiment = """

        experiments:
          - id: no-first-reminder
            step: reminder-1
            paidWithin: P14D
            variants:
              - id: control
              - id: nothing
                skip: true
        """;

    [Fact]
    public async Task A_two_variant_experiment_over_1000_customers_reports_per_variant_outcomes_that_match_a_hand_count()
    {
        var tenant = Sample.NewId("shop");
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        await client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() + Experiment });
        var customers = Enumerable.Range(0, 1000).Select(i => $"x{i:D4}").ToArray();
        var start = await host.NowAsync();
        await PushAllAsync(client, customers.Select(c => Grpc(tenant, c, TouchpointType.InvoiceIssued, start, due: Date(start))));

        await client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(start.AddDays(4)) });
        var payDay = await host.NowAsync();
        var payers = customers.Where((_, i) => i % 3 == 0).ToHashSet();
        await PushAllAsync(client, payers.Select(c => Grpc(tenant, c, TouchpointType.PaymentReceived, payDay)));
        await client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(start.AddDays(20)) });
        var latePayers = customers.Where((_, i) => i % 3 == 1 && i % 2 == 0).ToHashSet();
        await PushAllAsync(client, latePayers.Select(c => Grpc(tenant, c, TouchpointType.PaymentReceived, start.AddDays(20))));

        // The hand count: each customer's variant, read from the reasons of what was sent or suppressed.
        var variantOf = new Dictionary<string, string>();
        foreach (var chunk in customers.Chunk(50))
        {
            foreach (var (customer, node) in chunk.Zip(await Task.WhenAll(chunk.Select(c => ReasonsAsync(tenant, c)))))
            {
                var reasons = node["actions"]!.AsArray().Concat(node["suppressed"]!.AsArray()).SelectMany(a => a!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
                variantOf[customer] = reasons.Where(r => r.StartsWith("experiment:", StringComparison.Ordinal)).Distinct().Single().Split(':')[2];
            }
        }

        var results = (await host.GraphQLDataAsync(
            "query ($t: String!) { experimentResults(tenant: $t, experiment: \"no-first-reminder\") { status variants { variant assigned paidWithin paidRate paidRateLow paidRateHigh meanDaysToPay } } }",
            new { t = tenant }))["experimentResults"]!;
        Assert.Equal("RUNNING", results["status"]!.GetValue<string>());
        foreach (var row in results["variants"]!.AsArray())
        {
            var variant = row!["variant"]!.GetValue<string>();
            var members = variantOf.Where(v => v.Value == variant).Select(v => v.Key).ToList();
            var paidWithin = members.Count(payers.Contains);
            Assert.Equal(members.Count, row["assigned"]!.GetValue<int>());
            Assert.Equal(paidWithin, row["paidWithin"]!.GetValue<int>());
            Assert.Equal((double)paidWithin / members.Count, row["paidRate"]!.GetValue<double>(), 6);
            var (low, high) = Wilson(paidWithin, members.Count);
            Assert.Equal(low, row["paidRateLow"]!.GetValue<double>(), 6);
            Assert.Equal(high, row["paidRateHigh"]!.GetValue<double>(), 6);
            Assert.True(row["meanDaysToPay"]!.GetValue<double>() > 0);
        }

        Assert.Equal(["control", "nothing"], results["variants"]!.AsArray().Select(r => r!["variant"]!.GetValue<string>()));
        Assert.Equal(1000, results["variants"]!.AsArray().Sum(r => r!["assigned"]!.GetValue<int>()));
    }

    // The Wilson bounds as the roots of the quadratic in the rate (an independent form of the engine's centre ± half width).
    private static (double Low, double High) Wilson(int successes, int trials)
    {
        const double z = 1.96;
        var (n, p) = ((double)trials, (double)successes / trials);
        var root = z * Math.Sqrt((z * z) + (4 * n * p * (1 - p)));
        return (Math.Max(0, ((2 * n * p) + (z * z) - root) / (2 * (n + (z * z)))), Math.Min(1, ((2 * n * p) + (z * z) + root) / (2 * (n + (z * z)))));
    }

    private async Task<JsonNode> ReasonsAsync(string tenant, string customer) =>
        (await host.GraphQLDataAsync("query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { actions { reasons } suppressed { reasons } } }", new { t = tenant, id = customer }))["customer"]!;

    private static async Task PushAllAsync(JourneyService.JourneyServiceClient client, IEnumerable<Journey.Api.V1.Touchpoint> touchpoints)
    {
        foreach (var chunk in touchpoints.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(async t => await client.PushAsync(t)));
        }
    }

    private static Journey.Api.V1.Touchpoint Grpc(string tenant, string customer, TouchpointType type, DateTimeOffset at, string? due = null)
    {
        var touchpoint = new Journey.Api.V1.Touchpoint
        {
            EventId = $"{customer}-{type}-{at:yyyyMMdd}",
            Tenant = tenant,
            CustomerId = customer,
            CaseId = $"{customer}-order",
            Type = type,
            OccurredAt = Domain.IsoTime.Format(at),
            Amount = "100.00",
            Currency = "EUR",
        };
        if (due is not null)
        {
            touchpoint.DueDate = due;
        }

        return touchpoint;
    }
}

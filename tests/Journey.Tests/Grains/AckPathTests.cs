using Journey.Domain;
using Journey.Grains;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

/// <summary>What one touchpoint costs on its way to the acknowledgement: its own grain call and the customer's write, nothing else.</summary>
[Collection(ClusterCollection.Name)]
public class AckPathTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Ten_thousand_new_customers_with_new_cases_cost_one_grain_call_and_one_activation_each()
    {
        const int customers = 10_000;
        var tenant = NewId("bulk");
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var before = await ActivationsAsync(management);
        AckPathCalls.FromCustomers.Clear();

        var ids = Enumerable.Range(0, customers).Select(i => NewId($"c{i}-")).ToArray();
        var outcomes = new List<IngestOutcome>();
        foreach (var chunk in ids.Chunk(500))
        {
            var answers = await Task.WhenAll(chunk.Select(id => fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id))
                .Ingest([Touchpoint(id, TouchpointType.INVOICE_ISSUED, $"{id}-inv", 25m, new DateOnly(2026, 3, 15), tenant: tenant)])));
            outcomes.AddRange(answers.Select(a => a[0]));
        }

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        var after = await ActivationsAsync(management);

        // The customer grain calls no other grain before it answers: case ids are claimed, the customer
        // listed and its wake-up scheduled in its own write; everything else is delivered after the ack.
        // The one exception is each silo's first read of the new tenant's policy (then cached).
        var calls = AckPathCalls.FromCustomers.ToDictionary();
        Assert.True(calls.Keys.All(k => k == typeof(Journey.Abstractions.Policies.ITenantPolicyGrain).FullName), string.Join(", ", calls));
        Assert.True(calls.Values.Sum() <= 2, string.Join(", ", calls));
        Assert.Equal(customers, after.GetValueOrDefault("CustomerGrain") - before.GetValueOrDefault("CustomerGrain"));
        Assert.Equal(0, after.GetValueOrDefault("CaseGrain") - before.GetValueOrDefault("CaseGrain"));
        var others = after.Where(a => a.Key is not ("CustomerGrain" or "CaseGrain")).Sum(a => a.Value - before.GetValueOrDefault(a.Key));
        Assert.True(others <= 64 + 256 + 1 + 16, $"{others} other activations: more than the tenant's directory, statistics, outbox and schedule shards");

        // The cases are there, owned by their customers, read through the case grain.
        var owner = await fixture.Grains.GetGrain<ICaseGrain>(GrainKeys.Of(tenant, $"{ids[42]}-inv")).GetOwner();
        Assert.Equal(ids[42], owner);
    }

    private static async Task<Dictionary<string, int>> ActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1].Trim())
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
}

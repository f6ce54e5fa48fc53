using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Grains;
using Journey.Tests.Infrastructure;
using NodaTime;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

/// <summary>The receivables figures on a two-silo cluster: exact against a recount of every customer after a concurrent run, and read without calling a customer.</summary>
[Collection(ClusterCollection.Name)]
public class ReceivablesClusterTests(ClusterFixture fixture)
{
    [Fact]
    public async Task After_a_thousand_customers_ingest_at_once_every_figure_equals_a_recount_and_reading_calls_no_customer()
    {
        const int customers = 1_000;
        var tenant = NewId("ar");
        var set = await fixture.Grains.GetGrain<Journey.Abstractions.Policies.ITenantPolicyGrain>(tenant).Set("""
            timeZone: Europe/Amsterdam
            segments:
              - id: business
                when: { debtorType: BUSINESS }
            """, "test");
        Assert.Empty(set.Errors);

        var today = Instant.FromDateTimeOffset(DateTimeOffset.UtcNow).InZone(CaseStatus.DefaultZone).Date.ToDateOnly();
        var random = new Random(31);
        var ids = Enumerable.Range(0, customers).Select(i => $"r{i}").ToArray();
        var plans = ids.Select(id => Touchpoints(id, tenant, today, random)).ToArray();

        // Every customer at once; each one's touchpoints in order, some in one call and some in several.
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var grain = fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id));
            foreach (var batch in plans[i])
            {
                var outcomes = await grain.Ingest(batch);
                Assert.All(outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
            }
        }));

        // The recount: what every customer's state contributes, summed here.
        var states = await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id)).Get()));
        var recount = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            ReceivablesFacts.Contribute(state!, recount, +1);
        }

        var expected = Figures(recount, today);
        Assert.True(ReceivablesFigures.From(recount, today).Open > 100_000m, "the run left too little open to test");
        Assert.True(ReceivablesFigures.From(recount, today, "business").Open > 0m, "no business customer is open");

        // The shards are fed after the acknowledgements: wait (with a deadline) until they hold what the recount says.
        string? read = null;
        await Until.TrueAsync(
            async () => (read = Figures((await Journey.Abstractions.Statistics.TenantStatistics.ReadAsync(fixture.Grains, tenant)).ToDictionary(c => c.Key, c => c.Value.Sum), today)) == expected,
            TimeSpan.FromSeconds(30), "the receivables never matched the recount", interval: TimeSpan.FromMilliseconds(250));

        // Reading the figures calls no customer grain: only the tenant's statistics shards.
        CustomerGrainCalls.Reset();
        RequestContext.Set(CustomerGrainCalls.Probe, "receivables");
        try
        {
            var sums = await Journey.Abstractions.Statistics.TenantStatistics.ReadAsync(fixture.Grains, tenant);
            Assert.Equal(expected, Figures(sums.ToDictionary(c => c.Key, c => c.Value.Sum), today));
            await fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, ids[0])).Get();
        }
        finally
        {
            RequestContext.Remove(CustomerGrainCalls.Probe);
        }

        // The probe does count a customer call when one is made (the Get above): exactly that one.
        Assert.Equal(1, CustomerGrainCalls.Count);
    }

    /// <summary>Every figure, for all customers and the business segment, as one text to compare.</summary>
    private static string Figures(IReadOnlyDictionary<string, double> sums, DateOnly today) =>
        string.Join("\n", new string?[] { null, "business" }.Select(segment =>
        {
            var figures = ReceivablesFigures.From(sums, today, segment);
            return $"{segment ?? "all"}: ageing {string.Join(", ", figures.Ageing())}; open {figures.Open}; overdue {figures.Overdue}; "
                + $"dso30 {figures.Dso(30):0.######}; dso90 {figures.Dso(90):0.######}; kept {figures.PromisesKept}; broken {figures.PromisesBroken}; "
                + $"forecast {string.Join(", ", figures.Forecast(13, 8))}";
        }));

    /// <summary>One or two invoices due around today, and for some customers a promise (past or future) and payments (part or whole); in one to three calls.</summary>
    private static List<ImmutableArray<Touchpoint>> Touchpoints(string id, string tenant, DateOnly today, Random random)
    {
        var start = new DateTimeOffset(today.AddDays(-150).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var debtor = random.NextDouble() < 0.3 ? "BUSINESS" : "CONSUMER";
        var all = new List<Touchpoint>();
        for (var i = 0; i < random.Next(1, 3); i++)
        {
            var issued = random.Next(0, 140);
            all.Add(Touchpoint(id, TouchpointType.INVOICE_ISSUED, $"{id}-{i}", 10m + random.Next(500), today.AddDays(-150 + issued + 14), $"{id}-inv{i}",
                at: start.AddDays(issued), tenant: tenant, attributes: ("debtorType", debtor)));
        }

        var latest = start.AddDays(141);
        if (random.NextDouble() < 0.5)
        {
            all.Add(Touchpoint(id, TouchpointType.PROMISE_TO_PAY, $"{id}-0", 5m + random.Next(200), today.AddDays(random.Next(-20, 20)), $"{id}-promise", at: latest, tenant: tenant));
        }

        if (random.NextDouble() < 0.6)
        {
            all.Add(Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, $"{id}-0", random.Next(1, 600), eventId: $"{id}-pay", at: latest.AddDays(random.Next(0, 8)), tenant: tenant));
        }

        var cut = random.Next(1, all.Count + 1);
        return cut == all.Count ? [[.. all]] : [[.. all.Take(cut)], .. all.Skip(cut).Select(t => ImmutableArray.Create(t))];
    }
}

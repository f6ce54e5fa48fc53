using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Scenarios;

/// <summary>The segment index through the public API, under concurrent updates, against a full recount.</summary>
[Collection(JourneyHostCollection.Name)]
public class SegmentTests(JourneyHostFixture host)
{
    private const string Policy = """
        timeZone: Europe/Amsterdam
        segments:
          - id: business
            when: { debtorType: BUSINESS }
          - id: consumer
            when: { debtorType: CONSUMER }
          - id: overdue
            when: { overdue: true }
          - id: late-payer
            when: { latePaymentsAtLeast: 1 }
        """;

    [Fact]
    public async Task Segment_counts_stay_correct_under_concurrent_updates_and_match_a_full_recount()
    {
        var tenant = Sample.NewId("seg");
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        await client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policy });
        var random = new Random(7);
        var customers = Enumerable.Range(0, 240).Select(i => $"c{i:D3}").ToArray();
        var touchpoints = new List<Journey.Api.V1.Touchpoint>();
        foreach (var customer in customers)
        {
            var business = random.Next(3) == 0;
            touchpoints.Add(Make(tenant, customer, "inv-1", TouchpointType.InvoiceIssued, "2026-01-02T10:00:00+01:00", "a", business));
            if (random.Next(2) == 0)
            {
                touchpoints.Add(Make(tenant, customer, "pay-1", TouchpointType.PaymentReceived, "2026-02-20T10:00:00+01:00", "a", business));
            }

            if (random.Next(3) == 0)
            {
                touchpoints.Add(Make(tenant, customer, "inv-2", TouchpointType.InvoiceIssued, "2026-03-02T10:00:00+01:00", "b", !business));
            }
        }

        // Every touchpoint at once: customers concurrently, and one customer's touchpoints racing each other.
        await Task.WhenAll(touchpoints.OrderBy(_ => random.Next()).Select(async t => await client.PushAsync(t)));

        var recount = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            var data = await host.GraphQLDataAsync("query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { segments } }", new { t = tenant, id = customer });
            foreach (var segment in data["customer"]!["segments"]!.AsArray().Select(s => s!.GetValue<string>()))
            {
                (recount.TryGetValue(segment, out var members) ? members : recount[segment] = []).Add(customer);
            }
        }

        var counts = (await host.GraphQLDataAsync("query ($t: String!) { segmentCounts(tenant: $t) { segment count } }", new { t = tenant }))["segmentCounts"]!.AsArray()
            .ToDictionary(c => c!["segment"]!.GetValue<string>(), c => c!["count"]!.GetValue<int>());
        Assert.Equal(recount.OrderBy(r => r.Key).Select(r => (r.Key, r.Value.Count)), counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
        Assert.Equal(4, counts.Count);

        // Bounded: a cursor that never advances fails here instead of paging forever.
        var paged = new List<string>();
        string? after = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= recount["late-payer"].Count / 50 + 1, $"paging did not end after {pages} pages");
            var page = (await host.GraphQLDataAsync(
                "query ($t: String!, $after: String) { segmentMembers(tenant: $t, segment: \"late-payer\", first: 50, after: $after) { count members } }",
                new { t = tenant, after }))["segmentMembers"]!;
            Assert.Equal(recount["late-payer"].Count, page["count"]!.GetValue<int>());
            var members = page["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
            if (members.Count == 0)
            {
                break;
            }

            paged.AddRange(members);
            after = members[^1];
        }

        Assert.Equal(recount["late-payer"].Order(StringComparer.Ordinal), paged);
    }

    private static Journey.Api.V1.Touchpoint Make(string tenant, string customer, string id, TouchpointType type, string at, string caseSuffix, bool business)
    {
        var touchpoint = new Journey.Api.V1.Touchpoint
        {
            EventId = id,
            Tenant = tenant,
            CustomerId = customer,
            CaseId = $"{customer}-{caseSuffix}",
            Type = type,
            OccurredAt = at,
            Amount = "100.00",
            Currency = "EUR",
        };
        if (type == TouchpointType.InvoiceIssued)
        {
            touchpoint.DueDate = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture).AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            touchpoint.Attributes.Add(new Journey.Api.V1.Attribute { Key = "debtorType", Value = business ? "BUSINESS" : "CONSUMER" });
        }

        return touchpoint;
    }
}

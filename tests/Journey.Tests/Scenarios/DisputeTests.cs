using System.Text.Json.Nodes;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Disputes through the public API on the simulated clock: the owner's worklist after the deadline, both outcomes, the statistics by reason.</summary>
[Collection(SimulatedHostCollection.Name)]
public class DisputeTests(SimulatedHostFixture host)
{
    private const string Policy = """
        timeZone: Europe/Amsterdam
        ladder:
          - { id: reminder, after: P1D, kind: REMINDER, channel: EMAIL }
        disputes:
          owner: BILLING
          deadlineDays: 10
          reasons:
            - { code: WRONG_AMOUNT, label: Bedrag klopt niet }
            - { code: NOT_DELIVERED, label: Niet geleverd }
        """;

    private async Task<List<string>> BillingAsync(string tenant) =>
        [.. (await host.GraphQLDataAsync("query ($t: String!) { worklist(tenant: $t, team: BILLING) { items { kind customerId } } }", new { t = tenant }))["worklist"]!["items"]!
            .AsArray().Select(i => $"{i!["kind"]} {i["customerId"]}")];

    [Fact]
    public async Task One_dispute_upheld_with_a_credit_note_and_one_rejected_each_overdue_once_reach_the_owner_the_outcomes_and_the_statistics()
    {
        var tenant = Sample.NewId("disp");
        await host.SetPolicyAsync(tenant, Policy);
        var now = await host.NowAsync();
        var (upheld, rejected) = (Sample.NewId("u"), Sample.NewId("r"));
        foreach (var (customer, reason) in new[] { (upheld, "WRONG_AMOUNT"), (rejected, "NOT_DELIVERED") })
        {
            await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, $"{customer}-inv", 200m, Date(now.AddDays(14))));
            await host.RecordAsync(Touchpoint(tenant, customer, "DISPUTE_OPENED", now, $"{customer}-inv", eventId: $"{customer}-dispute", attributes: ("reason", reason)));
        }

        var refused = await host.GraphQLAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { eventId } }",
            new { input = Touchpoint(tenant, upheld, "DISPUTE_OPENED", now, $"{upheld}-inv", attributes: ("reason", "BAD_LUCK")) });
        Assert.Equal("INVALID_ARGUMENT", refused["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("WRONG_AMOUNT", refused["errors"]![0]!["message"]!.GetValue<string>());

        Assert.Empty(await BillingAsync(tenant));
        await host.AdvanceAsync(now.AddDays(12));
        Assert.Equal([$"DISPUTE_OVERDUE {rejected}", $"DISPUTE_OVERDUE {upheld}"], (await BillingAsync(tenant)).Order(StringComparer.Ordinal));

        // A settlement only settles an upheld dispute.
        var unsettled = await host.GraphQLAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { eventId } }",
            new { input = Touchpoint(tenant, rejected, "DISPUTE_RESOLVED", now.AddDays(12), $"{rejected}-inv", attributes: [("outcome", "REJECTED"), ("settlement", "WRITE_OFF")]) });
        Assert.Equal("INVALID_ARGUMENT", unsettled["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        var decidedAt = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, upheld, "DISPUTE_RESOLVED", decidedAt, $"{upheld}-inv", 50m, team: "BILLING", attributes: [("outcome", "UPHELD"), ("settlement", "CREDIT_NOTE"), ("decidedBy", "billing-lead")]));
        await host.RecordAsync(Touchpoint(tenant, rejected, "DISPUTE_RESOLVED", decidedAt, $"{rejected}-inv", team: "SERVICE", attributes: [("outcome", "REJECTED")]));
        Assert.Empty(await BillingAsync(tenant));

        var credited = (await host.GraphQLDataAsync("query ($t: String!, $id: String!) { case(tenant: $t, id: $id) { amountCredited amountDue } }", new { t = tenant, id = $"{upheld}-inv" }))["case"]!;
        Assert.Equal((50m, 150m), (credited["amountCredited"]!.GetValue<decimal>(), credited["amountDue"]!.GetValue<decimal>()));

        // Statistics by reason: each opened once and decided once, twelve days after it opened.
        var expected = new[] { "NOT_DELIVERED Niet geleverd 1 0 1 1 12", "WRONG_AMOUNT Bedrag klopt niet 1 1 0 1 12" };
        await Until.TrueAsync(async () =>
        {
            var rows = (await host.GraphQLDataAsync("query ($t: String!) { statistics(tenant: $t) { disputes { reason label opened upheld rejected decided meanDaysToDecide } } }", new { t = tenant }))["statistics"]!["disputes"]!.AsArray();
            return rows.Select(r => $"{r!["reason"]} {r["label"]} {r["opened"]} {r["upheld"]} {r["rejected"]} {r["decided"]} {Math.Round(r["meanDaysToDecide"]!.GetValue<double>(), 3)}").SequenceEqual(expected);
        }, TimeSpan.FromSeconds(15), "the dispute statistics never matched the hand count");
    }
}

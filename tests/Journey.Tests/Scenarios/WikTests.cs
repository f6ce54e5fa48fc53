using System.Text.Json.Nodes;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>The 14-day letter through the public API: what it announces, and the evidence kept on the case and exported.</summary>
[Collection(SimulatedHostCollection.Name)]
public class WikTests(SimulatedHostFixture host)
{
    [Fact]
    public async Task The_14_day_letter_announces_bik_costs_and_its_deadline_and_the_evidence_is_in_the_export()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var start = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", start, "order-1", 1_200m, Date(start), attributes: ("debtorType", "CONSUMER")));
        await host.AdvanceAsync(start.AddDays(60));

        var actions = (await host.GraphQLDataAsync(
            "query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { actions { kind status at collectionCosts receivedOn deadline reasons } } }",
            new { t = tenant, id = customer }))["customer"]!["actions"]!.AsArray();
        var letter = actions.Single(a => a!["kind"]!.GetValue<string>() == "FINAL_NOTICE")!;
        var handover = actions.Single(a => a!["kind"]!.GetValue<string>() == "HANDOVER_TO_COLLECTION")!;
        Assert.Equal(180.00m, letter["collectionCosts"]!.GetValue<decimal>()); // 15 % of 1,200
        var deadline = DateOnly.Parse(letter["deadline"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateOnly.FromDateTime(Time(handover["at"]!).ToOffset(TimeSpan.FromHours(1)).DateTime) > deadline);

        var exported = JsonNode.Parse((await host.GraphQLDataAsync("query ($t: String!, $id: String!) { exportCustomer(tenant: $t, id: $id) }", new { t = tenant, id = customer }))["exportCustomer"]!.GetValue<string>())!;
        var evidence = exported["cases"]![0]!["finalNotice"]!;
        Assert.Equal(letter["receivedOn"]!.GetValue<string>(), evidence["receivedOn"]!.GetValue<string>());
        Assert.Equal(letter["deadline"]!.GetValue<string>(), evidence["deadline"]!.GetValue<string>());
        Assert.Equal((1_200m, 180.00m, "bik"), (evidence["principal"]!.GetValue<decimal>(), evidence["collectionCosts"]!.GetValue<decimal>(), evidence["basis"]!.GetValue<string>()));
        Assert.True(evidence["policyVersion"]!.GetValue<int>() >= 1);
        Assert.Equal(Date(Time(letter["at"]!)), evidence["postedOn"]!.GetValue<string>());
    }
}

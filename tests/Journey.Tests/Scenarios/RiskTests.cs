using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;

namespace Journey.Tests.Scenarios;

/// <summary>Early warning through the public API, with the policy the test sets.</summary>
[Collection(SimulatedHostCollection.Name)]
public class RiskTests(SimulatedHostFixture host)
{
    private const string RiskSection = """

        risk:
          signals:
            advanceBelowExpected: { ratio: 0.7, weight: 3 }
            failedPayments: { count: 2, window: P90D, weight: 2 }
          levels: { low: 1, medium: 3, high: 5 }
          onRise: { atLeast: MEDIUM, kind: ADVICE, channel: EMAIL, template: preventive-advice }
        """;

    [Fact]
    public async Task An_advance_payment_cut_raises_risk_with_its_signal_and_plans_an_advice_contact()
    {
        var (tenant, customer) = (Sample.NewId("housing"), Sample.NewId("c"));
        await new JourneyService.JourneyServiceClient(host.Grpc).SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() + RiskSection });
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "WEB_VISIT", now));
        var before = await RiskAsync(tenant, customer);

        await host.RecordAsync(Touchpoint(tenant, customer, "ADVANCE_AMOUNT_CHANGED", now.AddMinutes(1), amount: 45m, attributes: ("expectedAmount", "120.00")));

        var after = await RiskAsync(tenant, customer);
        Assert.Equal("NONE", before!["risk"]!["level"]!.GetValue<string>());
        Assert.Equal("MEDIUM", after!["risk"]!["level"]!.GetValue<string>());
        Assert.Equal(["advance-below-expected"], after["risk"]!["signals"]!.AsArray().Select(s => s!.GetValue<string>()));
        var advice = Assert.Single(after["actions"]!.AsArray(), a => a!["kind"]!.GetValue<string>() == "ADVICE");
        Assert.Equal("EMAIL", advice!["channel"]!.GetValue<string>());
        Assert.Contains("risk.signal:advance-below-expected", advice["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.DoesNotContain(after["actions"]!.AsArray(), a => a!["kind"]!.GetValue<string>() is "REMINDER" or "FINAL_NOTICE" or "HANDOVER_TO_COLLECTION");
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> RiskAsync(string tenant, string customer) =>
        (await host.GraphQLDataAsync(
            "query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { risk { level signals } actions { kind channel status reasons } } }",
            new { t = tenant, id = customer }))["customer"];
}

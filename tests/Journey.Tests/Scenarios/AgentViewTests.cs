using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>What an agent's screen reads over GraphQL: each channel's contact answer (booking nothing), reasons in plain words, the summary.</summary>
[Collection(SimulatedHostCollection.Name)]
public class AgentViewTests(SimulatedHostFixture host)
{
    private const string Query = """
        query ($tenant: String!, $id: String!, $team: Team!) {
          customer(tenant: $tenant, id: $id) {
            version
            contactOptions(team: $team) { channel decision { outcome sender senderName actionId reasons explanations(language: NL) { code label } } }
            summary(language: NL)
            suppressed { reasons explanations { code label } }
          }
        }
        """;

    [Fact]
    public async Task Contact_options_answer_as_requestContact_would_without_booking_and_reasons_read_in_plain_words()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await host.RecordAsync(Touchpoint(tenant, customer, "COMPLAINT_OPENED", now, "order-1", channel: "PHONE", team: "SERVICE", attributes: ("reason", "parcel never arrived")));
        await host.AdvanceAsync(now.AddDays(3));

        var collection = (await host.GraphQLDataAsync(Query, new { tenant, id = customer, team = "COLLECTION" }))["customer"]!;
        Assert.All(collection["contactOptions"]!.AsArray(), o => Assert.Equal("DENIED", o!["decision"]!["outcome"]!.GetValue<string>()));
        var held = collection["contactOptions"]![0]!["decision"]!["explanations"]!.AsArray().Single(e => e!["code"]!.GetValue<string>() == "hold.complaint")!;
        Assert.Equal("Gepauzeerd: een openstaande klacht", held["label"]!.GetValue<string>());
        Assert.Contains(collection["summary"]!.AsArray(), line => line!.GetValue<string>().Contains("\"parcel never arrived\"", StringComparison.Ordinal));
        var withheld = collection["suppressed"]!.AsArray().First()!;
        Assert.Equal(Reasons(withheld), withheld["explanations"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()));

        // The service team may call; reading it books nothing — the version stays, no actionId is given.
        var service = (await host.GraphQLDataAsync(Query, new { tenant, id = customer, team = "SERVICE" }))["customer"]!;
        var phone = service["contactOptions"]!.AsArray().Single(o => o!["channel"]!.GetValue<string>() == "PHONE")!["decision"]!;
        Assert.Equal(("ALLOWED", "CLIENT", null), (phone["outcome"]!.GetValue<string>(), phone["sender"]!.GetValue<string>(), phone["actionId"]?.GetValue<string>()));
        Assert.Equal(collection["version"]!.GetValue<int>(), service["version"]!.GetValue<int>());

        var booked = (await host.GraphQLDataAsync(
            "mutation ($tenant: String!, $id: String!) { requestContact(tenant: $tenant, customerId: $id, team: SERVICE, channel: PHONE, purpose: \"parcel\") { outcome sender reasons actionId } }",
            new { tenant, id = customer }))["requestContact"]!;
        Assert.Equal(("ALLOWED", "CLIENT"), (booked["outcome"]!.GetValue<string>(), booked["sender"]!.GetValue<string>()));
        Assert.Equal(Reasons(phone), Reasons(booked));
        Assert.NotNull(booked["actionId"]?.GetValue<string>());
        var after = (await host.GraphQLDataAsync(Query, new { tenant, id = customer, team = "SERVICE" }))["customer"]!;
        Assert.Equal(service["version"]!.GetValue<int>() + 1, after["version"]!.GetValue<int>());
    }
}

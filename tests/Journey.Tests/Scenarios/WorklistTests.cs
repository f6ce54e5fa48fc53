using Journey.Tests.Infrastructure;
using NodaTime;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Team worklists over GraphQL on the simulated clock: the documented order, and leases taken, refused, run out and done.</summary>
[Collection(SimulatedHostCollection.Name)]
public class WorklistTests(SimulatedHostFixture host)
{
    private const string Worklist = """
        query ($tenant: String!, $team: Team!, $after: String) {
          worklist(tenant: $tenant, team: $team, first: 2, after: $after) { total items { itemId kind customerId caseId since promisedFor amountDue detail takenBy leasedUntil } }
        }
        """;

    private const string Take = "mutation ($tenant: String!, $item: String!, $agent: String) { takeWorklistItem(tenant: $tenant, itemId: $item, agent: $agent) { taken item { takenBy takenAt leasedUntil } } }";

    [Fact]
    public async Task The_collection_list_puts_broken_promises_first_then_promises_due_and_leases_items_to_one_agent_at_a_time()
    {
        var tenant = Sample.NewId("shop");
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        var today = Instant.FromDateTimeOffset(now).InZone(DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).Date;
        string Day(int days) => today.PlusDays(days).ToString("yyyy-MM-dd", null);
        var (broken, older, due, held) = (Sample.NewId("c"), Sample.NewId("c"), Sample.NewId("c"), Sample.NewId("c"));
        foreach (var customer in new[] { broken, older, due, held })
        {
            await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, $"{customer}-inv", 120m, Day(0)));
        }

        // Promised for tomorrow, the day after and in five days; five days on, the first two are broken (the older first) and the last is due.
        await host.RecordAsync(Touchpoint(tenant, broken, "PROMISE_TO_PAY", now, $"{broken}-inv", 120m, Day(1)));
        await host.RecordAsync(Touchpoint(tenant, older, "PROMISE_TO_PAY", now, $"{older}-inv", 120m, Day(2)));
        await host.RecordAsync(Touchpoint(tenant, due, "PROMISE_TO_PAY", now, $"{due}-inv", 120m, Day(5)));
        await host.RecordAsync(Touchpoint(tenant, held, "COMPLAINT_OPENED", now, $"{held}-inv", channel: "PHONE", team: "SERVICE", attributes: ("reason", "parcel never arrived")));
        await host.AdvanceAsync(today.PlusDays(5).At(new LocalTime(10, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).ToDateTimeOffset());

        var first = (await host.GraphQLDataAsync(Worklist, new { tenant, team = "COLLECTION" }))["worklist"]!;
        var rest = (await host.GraphQLDataAsync(Worklist, new { tenant, team = "COLLECTION", after = first["items"]![1]!["itemId"]!.GetValue<string>() }))["worklist"]!;
        var items = first["items"]!.AsArray().Concat(rest["items"]!.AsArray()).ToList();
        Assert.Equal(3, first["total"]!.GetValue<int>());
        Assert.Equal([(broken, "BROKEN_PROMISE", Day(1)), (older, "BROKEN_PROMISE", Day(2)), (due, "PROMISE_DUE", Day(5))],
            items.Select(i => (i!["customerId"]!.GetValue<string>(), i["kind"]!.GetValue<string>(), i["promisedFor"]!.GetValue<string>())));
        // gRPC serves the same list.
        var grpc = await new Journey.Api.V1.JourneyService.JourneyServiceClient(host.Grpc).GetWorklistAsync(new Journey.Api.V1.WorklistRequest { Tenant = tenant, Team = Journey.Api.V1.Team.Collection });
        Assert.Equal(items.Select(i => (i!["itemId"]!.GetValue<string>(), i["promisedFor"]!.GetValue<string>(), i["amountDue"]!.GetValue<decimal>().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))),
            grpc.Items.Select(i => (i.ItemId, i.PromisedFor, i.AmountDue)));
        Assert.Equal([Journey.Api.V1.WorklistKind.BrokenPromise, Journey.Api.V1.WorklistKind.BrokenPromise, Journey.Api.V1.WorklistKind.PromiseDue], grpc.Items.Select(i => i.Kind));

        var service = Assert.Single((await host.GraphQLDataAsync(Worklist, new { tenant, team = "SERVICE" }))["worklist"]!["items"]!.AsArray())!;
        Assert.Equal((held, "HOLD_WAITING", "parcel never arrived"), (service["customerId"]!.GetValue<string>(), service["kind"]!.GetValue<string>(), service["detail"]!.GetValue<string>()));

        // Anna takes the first item; Bram cannot while her lease runs; after it runs out he can; done, it leaves the list.
        var item = items[0]!["itemId"]!.GetValue<string>();
        var anna = (await host.GraphQLDataAsync(Take, new { tenant, item, agent = "anna" }))["takeWorklistItem"]!;
        Assert.True(anna["taken"]!.GetValue<bool>());
        var bram = (await host.GraphQLDataAsync(Take, new { tenant, item, agent = "bram" }))["takeWorklistItem"]!;
        Assert.Equal((false, "anna"), (bram["taken"]!.GetValue<bool>(), bram["item"]!["takenBy"]!.GetValue<string>()));
        var listed = (await host.GraphQLDataAsync(Worklist, new { tenant, team = "COLLECTION" }))["worklist"]!["items"]![0]!;
        Assert.Equal(("anna", anna["item"]!["leasedUntil"]!.GetValue<string>()), (listed["takenBy"]!.GetValue<string>(), listed["leasedUntil"]!.GetValue<string>()));

        await host.AdvanceAsync(Time(anna["item"]!["leasedUntil"]!).AddMinutes(1));
        Assert.True((await host.GraphQLDataAsync(Take, new { tenant, item, agent = "bram" }))["takeWorklistItem"]!["taken"]!.GetValue<bool>());
        var done = await host.GraphQLDataAsync("mutation ($tenant: String!, $item: String!) { completeWorklistItem(tenant: $tenant, itemId: $item, agent: \"bram\") }", new { tenant, item });
        Assert.True(done["completeWorklistItem"]!.GetValue<bool>());
        var after = (await host.GraphQLDataAsync(Worklist, new { tenant, team = "COLLECTION" }))["worklist"]!;
        Assert.Equal(2, after["total"]!.GetValue<int>());
        Assert.DoesNotContain(after["items"]!.AsArray(), i => i!["itemId"]!.GetValue<string>() == item);

        // Without authentication an agent must say who they are.
        var nameless = await host.GraphQLAsync(Take, new { tenant, item = items[1]!["itemId"]!.GetValue<string>() });
        Assert.Contains("agent", nameless["errors"]![0]!.ToJsonString(), StringComparison.Ordinal);
    }
}

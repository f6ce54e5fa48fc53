using System.Text.Json.Nodes;
using Journey.Api.V1;
using Journey.Grains;
using Journey.Grains.Outbox;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>GDPR: export everything held about a customer, then erase it, through the public APIs.</summary>
[Collection(SimulatedHostCollection.Name)]
public class PrivacyTests(SimulatedHostFixture host)
{
    private JourneyService.JourneyServiceClient Client => new(host.Grpc);

    [Fact]
    public async Task Export_then_erase_leaves_nothing_queryable_and_a_late_touchpoint_is_refused()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await Client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() });
        var now = await host.NowAsync();
        var invoice = Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now), eventId: "inv-1", attributes: ("debtorType", "CONSUMER"));
        await host.RecordAsync(invoice);
        await host.RecordAsync(Touchpoint(tenant, customer, "COMPLAINT_OPENED", now.AddHours(1), "order-1", eventId: "complaint-1", attributes: ("reason", "parcel never arrived")));
        await host.RecordAsync(Touchpoint(tenant, customer, "COMPLAINT_RESOLVED", now.AddHours(2), "order-1", eventId: "resolved-1", attributes: ("reference", "complaint-1")));
        await Client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(now.AddDays(18)) });
        var before = await host.CustomerAsync(tenant, customer);
        var outboxBefore = await OutboxEntriesOf(tenant, customer);
        Assert.NotEmpty(outboxBefore);

        var exported = (await host.GraphQLDataAsync("query ($t: String!, $id: String!) { exportCustomer(tenant: $t, id: $id) }", new { t = tenant, id = customer }))["exportCustomer"]!.GetValue<string>();
        var document = JsonNode.Parse(exported)!;
        Assert.Equal(customer, document["customerId"]!.GetValue<string>());
        Assert.Equal(["resolved-1", "complaint-1", "inv-1"], document["timeline"]!.AsArray().Select(t => t!["eventId"]!.GetValue<string>()));
        Assert.Equal("order-1", document["cases"]![0]!["caseId"]!.GetValue<string>());
        Assert.Equal("parcel never arrived", document["timeline"]![1]!["attributes"]![0]!["value"]!.GetValue<string>());
        var exportedActions = document["actions"]!.AsArray();
        Assert.Equal(before!["actions"]!.AsArray().Count, exportedActions.Count);
        Assert.All(exportedActions, a => Assert.NotEmpty(a!["reasons"]!.AsArray()));

        var receipt = (await host.GraphQLDataAsync(
            "mutation ($t: String!, $id: String!) { eraseCustomer(tenant: $t, id: $id) { erased erasedAt touchpoints cases actions outboxEntries } }",
            new { t = tenant, id = customer }))["eraseCustomer"]!;
        Assert.True(receipt["erased"]!.GetValue<bool>());
        Assert.Equal(3, receipt["touchpoints"]!.GetValue<long>());
        Assert.Equal(1, receipt["cases"]!.GetValue<int>());
        Assert.Equal(outboxBefore.Count, receipt["outboxEntries"]!.GetValue<int>());

        Assert.Null(await host.CustomerAsync(tenant, customer));
        Assert.Null((await host.GraphQLDataAsync("query ($t: String!) { case(tenant: $t, id: \"order-1\") { stage } }", new { t = tenant }))["case"]);
        Assert.Null((await host.GraphQLDataAsync("query ($t: String!, $id: String!) { exportCustomer(tenant: $t, id: $id) }", new { t = tenant, id = customer }))["exportCustomer"]);
        Assert.Empty(await OutboxEntriesOf(tenant, customer));
        var grpcRead = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = customer }));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, grpcRead.StatusCode);

        // The policy's default: a late touchpoint for the erased id is refused, naming the field; a resent old one too.
        var late = await host.GraphQLAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { eventId } }", new { input = invoice });
        Assert.Equal("input.customerId", late["errors"]![0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Null(await host.CustomerAsync(tenant, customer));

        var again = await Client.EraseCustomerAsync(new EraseCustomerRequest { Tenant = tenant, CustomerId = customer });
        Assert.False(again.Erased);
    }

    [Fact]
    public async Task With_afterErasure_FRESH_a_late_touchpoint_starts_a_new_record_without_the_old_one()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await Client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() + "\nprivacy:\n  afterErasure: FRESH\n" });
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now), eventId: "inv-1"));
        var erased = await Client.EraseCustomerAsync(new EraseCustomerRequest { Tenant = tenant, CustomerId = customer });
        Assert.True(erased.Erased);

        await host.RecordAsync(Touchpoint(tenant, customer, "WEB_VISIT", now.AddMinutes(5), eventId: "visit-1"));

        var fresh = (await host.GraphQLDataAsync("query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { version timeline { eventId } cases { id } } }", new { t = tenant, id = customer }))["customer"];
        Assert.Equal(["visit-1"], fresh!["timeline"]!.AsArray().Select(t => t!["eventId"]!.GetValue<string>()));
        Assert.Empty(fresh["cases"]!.AsArray());
    }

    private async Task<List<OutboxEntry>> OutboxEntriesOf(string tenant, string customer)
    {
        var entries = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IActionOutboxGrain>(tenant).Read(0, 10_000);
        return [.. entries.Where(e => e.CustomerId == customer)];
    }
}

using Grpc.Core;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Channel connectors over gRPC: WatchActions, reporting back, cancellations, contact requests.</summary>
[Collection(SimulatedHostCollection.Name)]
public class ConnectorTests(SimulatedHostFixture host)
{
    private JourneyService.JourneyServiceClient Client => new(host.Grpc);

    [Fact]
    public async Task WatchActions_redelivers_undelivered_actions_after_a_reconnect_with_the_same_action_ids()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await Client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() });
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await Client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(now.AddDays(18)) });

        var first = await ReadAsync(tenant, cursor: 0, count: 3);
        Assert.Equal(["reminder-1", "reminder-2", "letter"], first.Select(e => e.Action.StepId));
        Assert.All(first, e => Assert.Equal(ActionEnvelope.Types.Kind.Dispatch, e.Kind));
        Assert.All(first, e => Assert.Equal((customer, tenant), (e.Action.CustomerId, e.Action.Tenant)));

        // The connector processed only the first before it went away: it resumes from that cursor.
        var resumed = await ReadAsync(tenant, cursor: first[0].Cursor, count: 2);
        Assert.Equal(first.Skip(1).Select(e => (e.Cursor, e.Action.ActionId)), resumed.Select(e => (e.Cursor, e.Action.ActionId)));

        var fromStart = await ReadAsync(tenant, cursor: 0, count: 3);
        Assert.Equal(first.Select(e => e.Action.ActionId), fromStart.Select(e => e.Action.ActionId));
    }

    [Fact]
    public async Task A_payment_reaches_connectors_as_a_cancellation_of_a_dispatched_action_and_channels_filter()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await Client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() });
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await Client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(now.AddDays(3)) });
        var paidAt = (await host.NowAsync()).AddMinutes(1);
        await Client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(paidAt) });
        await host.RecordAsync(Touchpoint(tenant, customer, "PAYMENT_RECEIVED", paidAt, "order-1", 100m));

        var envelopes = await ReadAsync(tenant, cursor: 0, count: 2, Channel.Email);

        Assert.Equal([ActionEnvelope.Types.Kind.Dispatch, ActionEnvelope.Types.Kind.Cancel], envelopes.Select(e => e.Kind));
        Assert.Equal(envelopes[0].Action.ActionId, envelopes[1].Action.ActionId);
        Assert.Equal(ActionStatus.Cancelled, envelopes[1].Action.Status);
        Assert.Contains("payment.cancels-pending", envelopes[1].Action.Reasons);

        // A letter for another customer follows the e-mails in the outbox: a watch for letters from the start skips the e-mails and gets it first.
        var other = Sample.NewId("c");
        var later = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, other, "INVOICE_ISSUED", later, "order-2", 50m, Date(later)));
        await Client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(later.AddDays(18)) });
        var letters = await ReadAsync(tenant, cursor: 0, count: 1, Channel.Letter);
        Assert.Equal((other, "letter", Channel.Letter), (letters[0].Action.CustomerId, letters[0].Action.StepId, letters[0].Action.Channel));
    }

    [Fact]
    public async Task RequestContact_over_gRPC_answers_with_sender_and_reasons_and_validates_its_input()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await Client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() });
        await host.RecordAsync(Touchpoint(tenant, customer, "CUSTOMER_FLAGGED", await host.NowAsync(), attributes: [("flag", "DECEASED"), ("value", "true")]));

        var denied = await Client.RequestContactAsync(new ContactRequest { Tenant = tenant, CustomerId = customer, Team = Team.Sales, Channel = Channel.Email, Purpose = "offer" });
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Client.RequestContactAsync(new ContactRequest { Tenant = tenant, CustomerId = customer, Channel = Channel.Email }).ResponseAsync);

        Assert.Equal(ContactOutcome.Denied, denied.Outcome);
        Assert.Contains("flag.deceased", denied.Reasons);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("team", invalid.Status.Detail);
    }

    [Fact]
    public async Task SetPolicy_over_gRPC_names_line_and_path_of_each_error()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SetPolicyAsync(new SetPolicyRequest { Tenant = Sample.NewId("t"), Document = "ladder:\n  - id: a\n    after: P1D\n    kind: NAG\n    channel: EMAIL\n" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("document:4:$.ladder[0].kind", error.Status.Detail);
    }

    private async Task<List<ActionEnvelope>> ReadAsync(string tenant, long cursor, int count, Channel? channel = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var request = new WatchActionsRequest { Tenant = tenant, Cursor = cursor };
        if (channel is { } only)
        {
            request.Channels.Add(only);
        }

        using var call = Client.WatchActions(request, cancellationToken: timeout.Token);
        var received = new List<ActionEnvelope>();
        while (received.Count < count && await call.ResponseStream.MoveNext(timeout.Token))
        {
            received.Add(call.ResponseStream.Current);
        }

        return received;
    }
}

[Collection(SimulatedHostCollection.Name)]
public class ActionPagingTests(SimulatedHostFixture host)
{
    [Fact]
    public async Task Action_lists_page_with_first_and_after_and_filter_by_status()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await host.AdvanceAsync(now.AddDays(30));
        const string query = "query ($t: String!, $id: String!, $after: String) { customer(tenant: $t, id: $id) { actions(first: 2, after: $after, status: DISPATCHED) { actionId stepId } } }";

        var first = (await host.GraphQLDataAsync(query, new { t = tenant, id = customer }))["customer"]!["actions"]!.AsArray();
        var second = (await host.GraphQLDataAsync(query, new { t = tenant, id = customer, after = first[1]!["actionId"]!.GetValue<string>() }))["customer"]!["actions"]!.AsArray();

        Assert.Equal(["reminder-1", "reminder-2"], first.Select(a => a!["stepId"]!.GetValue<string>()));
        Assert.Equal(["letter", "call"], second.Select(a => a!["stepId"]!.GetValue<string>()));
    }
}

using Google.Rpc;
using Grpc.Core;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Api;

[Collection(JourneyHostCollection.Name)]
public sealed class GrpcIngestTests(JourneyHostFixture host) : GrpcIngestContract(host);

/// <summary>The same tests through an API host (Journey:Role=Api) in front of two silo processes.</summary>
[Collection(ApiHostClusterCollection.Name)]
public sealed class GrpcIngestThroughApiHostTests(ApiHostClusterFixture host) : GrpcIngestContract(host);

public abstract class GrpcIngestContract(IJourneyEndpoints host)
{
    private JourneyService.JourneyServiceClient Client => new(host.Grpc);

    [Fact]
    public async Task Invoice_payment_and_complaint_through_gRPC()
    {
        var (customer, caseId) = (NewId("c"), NewId("inv"));

        await Client.PushAsync(Message(customer, TouchpointType.InvoiceIssued, caseId, "100.00", dueDate: "2026-03-15"));
        await Client.PushAsync(Message(customer, TouchpointType.PaymentReceived, caseId, "40.00"));
        var @case = await Client.GetCaseAsync(new GetCaseRequest { Tenant = "webshop", CaseId = caseId });
        Assert.Equal(("60.00", "40.00", false), (@case.AmountDue, @case.AmountPaid, @case.OnHold));

        await Client.PushAsync(Message(customer, TouchpointType.ComplaintOpened, caseId, eventId: "cmp-" + caseId, attributes: [("reason", "leak")]));
        @case = await Client.GetCaseAsync(new GetCaseRequest { Tenant = "webshop", CaseId = caseId });
        Assert.Equal((true, "leak"), (@case.OnHold, @case.HoldReason));

        await Client.PushAsync(Message(customer, TouchpointType.ComplaintResolved, caseId, attributes: [("reference", "cmp-" + caseId)]));
        var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.False(read.Cases[0].OnHold);
        Assert.Equal("", read.Cases[0].HoldReason);
        Assert.Equal((4L, 4L), (read.Version, read.TimelineCount));
        Assert.Equal(TouchpointType.ComplaintResolved, read.Timeline[0].Type);
    }

    [Fact]
    public async Task Same_event_id_twice_has_one_effect_and_the_second_receipt_says_duplicate()
    {
        var customer = NewId("c");
        var payment = Message(customer, TouchpointType.PaymentReceived, amount: "12.50");

        var first = await Client.PushAsync(payment);
        var second = await Client.PushAsync(payment);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Version, second.Version);
        var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        var credit = Assert.Single(read.CreditsByPayment);
        Assert.Equal((1L, "12.50", payment.EventId), (read.TimelineCount, credit.Amount, credit.PaymentEventId));
#pragma warning disable CS0612 // the deprecated sums per currency stay filled for callers that still read them
        Assert.Equal(("EUR", "12.50"), (Assert.Single(read.Credits).Currency, read.Credits[0].Amount));
#pragma warning restore CS0612
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("tenant")]
    [InlineData("customerId")]
    [InlineData("type")]
    [InlineData("occurredAt")]
    [InlineData("amount")]
    [InlineData("currency")]
    [InlineData("attributes")]
    [InlineData("attributes[0].value")]
    [InlineData("touchpoint")]
    public async Task Invalid_input_is_INVALID_ARGUMENT_naming_the_field_and_changes_nothing(string field)
    {
        var customer = NewId("c");
        await Client.PushAsync(Message(customer, TouchpointType.AppOpened));
        var bad = Message(customer, TouchpointType.PaymentReceived, amount: "10.00");
        switch (field)
        {
            case "eventId": bad.EventId = ""; break;
            case "tenant": bad.Tenant = ""; break;
            case "customerId": bad.CustomerId = ""; break;
            case "type": bad.Type = (TouchpointType)999; break;
            case "occurredAt": bad.OccurredAt = "2026-03-02 10:00"; break;
            case "amount": bad.Amount = "-3"; break;
            case "currency": bad.Currency = "EURO"; break;
            case "attributes": bad.Attributes.AddRange(Enumerable.Range(0, 40).Select(i => new Journey.Api.V1.Attribute { Key = $"k{i}", Value = "v" })); break;
            case "attributes[0].value": bad.Attributes.Add(new Journey.Api.V1.Attribute { Key = "note", Value = new string('x', 2000) }); break;
            case "touchpoint": bad.Attributes.AddRange(Enumerable.Range(0, 30).Select(i => new Journey.Api.V1.Attribute { Key = $"k{i}", Value = new string('x', 1000) })); bad.CaseId = new string('c', 60_000); break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.PushAsync(bad).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Contains(violations, v => v.Field == field);
        Assert.Contains(field, error.Status.Detail);
        var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.Equal((1L, 1L), (read.Version, read.TimelineCount));
    }

    [Fact]
    public async Task Unknown_customer_and_case_are_NOT_FOUND_and_missing_keys_INVALID_ARGUMENT()
    {
        var customer = await Assert.ThrowsAsync<RpcException>(() => Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = "never-seen" }).ResponseAsync);
        var @case = await Assert.ThrowsAsync<RpcException>(() => Client.GetCaseAsync(new GetCaseRequest { Tenant = "webshop", CaseId = "never-seen" }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetCaseAsync(new GetCaseRequest { Tenant = "webshop" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, customer.StatusCode);
        Assert.Equal(StatusCode.NotFound, @case.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("caseId", missing.Status.Detail);
    }

    [Fact]
    public async Task PushStream_acks_every_touchpoint_in_order_per_customer_and_goes_on_after_a_bad_item()
    {
        var customers = Enumerable.Range(0, 5).Select(_ => NewId("c")).ToArray();
        var sent = new List<Journey.Api.V1.Touchpoint>();
        for (var round = 0; round < 20; round++)
        {
            foreach (var customer in customers)
            {
                var message = Message(customer, TouchpointType.WebVisit, eventId: $"{customer}-{round}", occurredAt: Start.AddMinutes(round));
                if (round == 7)
                {
                    message.OccurredAt = "not a time";
                }

                sent.Add(message);
            }
        }

        sent.Add(sent[0]);

        using var call = Client.PushStream();
        var reading = Task.Run(async () =>
        {
            var acks = new List<PushAck>();
            await foreach (var ack in call.ResponseStream.ReadAllAsync())
            {
                acks.Add(ack);
            }

            return acks;
        });
        foreach (var message in sent)
        {
            await call.RequestStream.WriteAsync(message);
        }

        await call.RequestStream.CompleteAsync();
        var acks = await reading;

        Assert.Equal(sent.Count, acks.Count);
        Assert.Equal(Enumerable.Range(0, sent.Count).Select(i => (long)i), acks.Select(a => a.Sequence).Order());
        var rejected = acks.Where(a => a.Status == PushAck.Types.Status.Rejected).ToList();
        Assert.Equal(customers.Length, rejected.Count);
        Assert.All(rejected, a => Assert.Equal(("INVALID_ARGUMENT", "occurredAt"), (a.Code, a.Errors[0].Field)));
        Assert.Equal(PushAck.Types.Status.Duplicate, acks.Single(a => a.Sequence == sent.Count - 1).Status);
        foreach (var customer in customers)
        {
            var own = acks.Where(a => a.EventId.StartsWith(customer, StringComparison.Ordinal) && a.Sequence < sent.Count - 1).ToList();
            Assert.Equal(own.Select(a => a.Sequence).Order(), own.Select(a => a.Sequence));
            var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer, TimelineLimit = 100 });
            Assert.Equal(19, read.TimelineCount);
        }
    }

    [Fact]
    public async Task WatchCustomer_streams_the_state_after_each_change()
    {
        var customer = NewId("c");
        await Client.PushAsync(Message(customer, TouchpointType.AppOpened));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = Client.WatchCustomer(new WatchCustomerRequest { Tenant = "webshop", CustomerId = customer }, cancellationToken: cancellation.Token);

        Assert.True(await watch.ResponseStream.MoveNext(cancellation.Token));
        Assert.Equal(1, watch.ResponseStream.Current.Version);

        await Client.PushAsync(Message(customer, TouchpointType.PaymentReceived, amount: "5.00", eventId: "watched-" + customer));
        Assert.True(await watch.ResponseStream.MoveNext(cancellation.Token));
        var change = watch.ResponseStream.Current;
        Assert.Equal(2, change.Version);
        Assert.Equal(["watched-" + customer], change.EventIds);
        Assert.Equal(2, change.Customer.TimelineCount);
    }

    private static Journey.Api.V1.Touchpoint Message(
        string customer, TouchpointType type, string? caseId = null, string? amount = null, string? dueDate = null, string? eventId = null,
        DateTimeOffset? occurredAt = null, (string Key, string Value)[]? attributes = null)
    {
        var message = new Journey.Api.V1.Touchpoint
        {
            EventId = eventId ?? NewId("e"),
            Tenant = "webshop",
            CustomerId = customer,
            CaseId = caseId ?? "",
            Type = type,
            OccurredAt = (occurredAt ?? Start).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            Amount = amount ?? "",
            Currency = amount is null ? "" : "EUR",
            DueDate = dueDate ?? "",
        };
        message.Attributes.AddRange((attributes ?? []).Select(a => new Journey.Api.V1.Attribute { Key = a.Key, Value = a.Value }));
        return message;
    }
}

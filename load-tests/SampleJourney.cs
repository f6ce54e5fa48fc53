using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;

namespace Journey.LoadTests;

/// <summary>A webshop customer's month: order, invoice, partial payment, a complaint that pauses the case, the rest paid.</summary>
public static class SampleJourney
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        using var channel = GrpcChannel.ForAddress(options.GrpcAddress);
        var client = new JourneyService.JourneyServiceClient(channel);
        var (customer, caseId) = (options.CustomerId, $"{options.CustomerId}-inv-1");
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));

        Touchpoint Make(string eventSuffix, TouchpointType type, int day, Action<Touchpoint>? fill = null)
        {
            var touchpoint = new Touchpoint
            {
                EventId = $"{customer}-{eventSuffix}",
                Tenant = options.Tenant,
                CustomerId = customer,
                Type = type,
                OccurredAt = start.AddDays(day).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            };
            fill?.Invoke(touchpoint);
            return touchpoint;
        }

        Touchpoint[] journey =
        [
            Make("order", TouchpointType.OrderPlaced, 0, t => { t.Channel = Channel.Web; t.Team = Team.Sales; }),
            Make("invoice", TouchpointType.InvoiceIssued, 0, t =>
            {
                (t.CaseId, t.Amount, t.Currency, t.DueDate, t.Team) = (caseId, "100.00", "EUR", "2026-03-15", Team.Billing);
                t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "debtorType", Value = "CONSUMER" });
            }),
            Make("app", TouchpointType.AppOpened, 3, t => t.Channel = Channel.App),
            Make("payment-1", TouchpointType.PaymentReceived, 5, t => (t.CaseId, t.Amount, t.Currency) = (caseId, "40.00", "EUR")),
            Make("complaint", TouchpointType.ComplaintOpened, 6, t =>
            {
                (t.CaseId, t.Channel, t.Team) = (caseId, Channel.Phone, Team.Service);
                t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "reason", Value = "parcel arrived damaged" });
            }),
            Make("complaint-resolved", TouchpointType.ComplaintResolved, 9, t =>
            {
                (t.CaseId, t.Team) = (caseId, Team.Service);
                t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "reference", Value = $"{customer}-complaint" });
            }),
            Make("payment-2", TouchpointType.PaymentReceived, 10, t => (t.Amount, t.Currency) = ("60.00", "EUR")),
        ];

        try
        {
            foreach (var touchpoint in journey)
            {
                var receipt = await client.PushAsync(touchpoint);
                Console.WriteLine($"pushed {touchpoint.Type,-20} {receipt.EventId,-40} version {receipt.Version}{(receipt.Duplicate ? " (duplicate)" : "")}");
                if (touchpoint.Type != TouchpointType.OrderPlaced)
                {
                    var @case = await client.GetCaseAsync(new GetCaseRequest { Tenant = options.Tenant, CaseId = caseId });
                    Console.WriteLine($"    case {caseId}: stage {@case.Stage}, due {@case.AmountDue} {@case.Currency}, on hold: {(@case.OnHold ? @case.HoldReason : "no")}");
                }
            }
        }
        catch (RpcException exception)
        {
            Console.Error.WriteLine($"Journey answered {exception.StatusCode}: {exception.Status.Detail}");
            return 1;
        }

        var read = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = options.Tenant, CustomerId = customer });
        Console.WriteLine($"customer {customer} of {options.Tenant}: version {read.Version}, {read.TimelineCount} touchpoints, {read.Cases.Count} case(s)");
        Console.WriteLine($"query it: curl -s http://127.0.0.1:5080/graphql -H 'content-type: application/json' -d '{{\"query\":\"{{ customer(tenant: \\\"{options.Tenant}\\\", id: \\\"{customer}\\\") {{ version timeline {{ type occurredAt }} cases {{ id stage amountDue onHold }} }} }}\"}}'");
        return 0;
    }
}

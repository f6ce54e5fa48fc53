using System.Globalization;
using Google.Protobuf;
using Journey.Api.V1;

namespace Journey.LoadTests.Workload;

/// <summary>
/// A seeded synthetic customer base: tenants, customers, orders and invoices, payments after
/// realistic delays (most on time, some late, a few never), failed and reversed payments,
/// complaints that are resolved later, app opens, web visits, calls with outcomes, NPS answers and
/// advance-payment changes. The same seed gives the same touchpoints, in time order.
/// </summary>
public sealed class Population(int customers, int seed, DateTimeOffset end, string prefix = "c")
{
    public static readonly string[] Tenants = ["webshop", "housing", "retail"];

    private static readonly TimeSpan Amsterdam = TimeSpan.FromHours(1);

    public int Customers => customers;

    public DateTimeOffset Start => end.AddDays(-365);

    public DateTimeOffset End => end;

    public static string TenantOf(int customer) => (customer % 10) switch
    {
        < 6 => "webshop",
        < 9 => "housing",
        _ => "retail",
    };

    public string CustomerId(int customer) => $"{prefix}{customer:D7}";

    /// <summary>Every touchpoint of the population, sorted by <c>occurredAt</c>.</summary>
    public List<Touchpoint> Generate()
    {
        var all = new List<(DateTimeOffset At, Touchpoint Touchpoint)>(customers * 8);
        for (var customer = 0; customer < customers; customer++)
        {
            all.AddRange(ForCustomer(customer));
        }

        all.Sort((a, b) => a.At.CompareTo(b.At));
        return all.ConvertAll(x => x.Touchpoint);
    }

    /// <summary>One customer's journey over the year before <see cref="End"/>, in its own seeded stream.</summary>
    public IEnumerable<(DateTimeOffset At, Touchpoint Touchpoint)> ForCustomer(int customer)
    {
        var random = new Random(HashCode.Combine(seed, customer));
        var tenant = TenantOf(customer);
        var id = CustomerId(customer);
        var business = random.NextDouble() < 0.1;
        var sequence = 0;
        var events = new List<(DateTimeOffset, Touchpoint)>();

        Touchpoint Add(DateTimeOffset at, TouchpointType type, Action<Touchpoint>? fill = null)
        {
            var touchpoint = new Touchpoint
            {
                EventId = $"{id}-{sequence++}",
                Tenant = tenant,
                CustomerId = id,
                Type = type,
                OccurredAt = at.ToOffset(Amsterdam).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            };
            fill?.Invoke(touchpoint);
            if (at <= end)
            {
                events.Add((at, touchpoint));
            }

            return touchpoint;
        }

        var invoices = 1 + random.Next(3);
        for (var invoice = 0; invoice < invoices; invoice++)
        {
            var issued = Start.AddDays(random.Next(0, 350)).Date.AddHours(8 + random.Next(10));
            var issuedAt = new DateTimeOffset(issued, TimeSpan.Zero);
            var caseId = $"{id}-inv{invoice}";
            var amount = Math.Round((decimal)(15 + Math.Exp(random.NextDouble() * 5.5)), 2);
            var due = issuedAt.AddDays(tenant == "housing" ? 30 : 14);

            if (tenant == "webshop")
            {
                Add(issuedAt.AddMinutes(-random.Next(5, 600)), TouchpointType.OrderPlaced, t => (t.Channel, t.Team) = (Channel.Web, Team.Sales));
            }

            Add(issuedAt, TouchpointType.InvoiceIssued, t =>
            {
                (t.CaseId, t.Amount, t.Currency, t.DueDate, t.Team) = (caseId, Money(amount), "EUR", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Team.Billing);
                t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "debtorType", Value = business ? "BUSINESS" : "CONSUMER" });
            });

            var behaviour = random.NextDouble();
            var paidAfterDays = behaviour switch
            {
                < 0.62 => random.Next(1, 15),
                < 0.82 => random.Next(15, 45),
                < 0.90 => random.Next(45, 120),
                _ => -1,
            };

            if (random.NextDouble() < 0.2)
            {
                Add(issuedAt.AddDays(random.Next(1, 20)).AddHours(random.Next(1, 12)), TouchpointType.AppOpened, t => t.Channel = Channel.App);
            }

            if (random.NextDouble() < 0.15)
            {
                Add(issuedAt.AddDays(random.Next(0, 10)).AddHours(random.Next(1, 12)), TouchpointType.WebVisit, t => t.Channel = Channel.Web);
            }

            if (random.NextDouble() < 0.04)
            {
                var opened = issuedAt.AddDays(random.Next(2, 20));
                var complaint = Add(opened, TouchpointType.ComplaintOpened, t =>
                {
                    (t.CaseId, t.Team, t.Channel) = (caseId, Team.Service, Channel.Phone);
                    t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "reason", Value = tenant == "housing" ? "leak reported" : "item not received" });
                });
                Add(opened.AddDays(random.Next(3, 30)), TouchpointType.ComplaintResolved, t =>
                {
                    (t.CaseId, t.Team) = (caseId, Team.Service);
                    t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "reference", Value = complaint.EventId });
                });
            }

            if (paidAfterDays < 0 || paidAfterDays > 20)
            {
                if (random.NextDouble() < 0.3)
                {
                    Add(due.AddDays(random.Next(5, 25)).AddHours(10), TouchpointType.CallCompleted, t =>
                    {
                        (t.Team, t.Channel) = (Team.Collection, Channel.Phone);
                        t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "outcome", Value = "reached" });
                        t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "nonPaymentReason", Value = random.NextDouble() < 0.5 ? "forgot" : "cash-flow" });
                    });
                }

                if (random.NextDouble() < 0.2)
                {
                    Add(due.AddDays(random.Next(3, 20)).AddHours(14), TouchpointType.PromiseToPay, t =>
                    {
                        (t.CaseId, t.Amount, t.Currency, t.DueDate) = (caseId, Money(amount), "EUR", due.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    });
                }
            }

            if (paidAfterDays >= 0)
            {
                var paidAt = issuedAt.AddDays(paidAfterDays).AddHours(random.Next(0, 12));
                if (random.NextDouble() < 0.05)
                {
                    Add(paidAt.AddDays(-1), TouchpointType.PaymentFailed, t => (t.CaseId, t.Amount, t.Currency) = (caseId, Money(amount), "EUR"));
                }

                Add(paidAt, TouchpointType.PaymentReceived, t => (t.CaseId, t.Amount, t.Currency, t.Channel) = (caseId, Money(amount), "EUR", Channel.Web));
                if (random.NextDouble() < 0.05)
                {
                    Add(paidAt.AddHours(2), TouchpointType.NpsResponse, t => t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "score", Value = random.Next(0, 11).ToString(CultureInfo.InvariantCulture) }));
                }
            }

        }

        if (tenant == "housing" && random.NextDouble() < 0.1)
        {
            Add(Start.AddDays(random.Next(0, 360)).AddHours(9), TouchpointType.AdvanceAmountChanged, t =>
            {
                (t.Amount, t.Currency) = ("45.00", "EUR");
                t.Attributes.Add(new Journey.Api.V1.Attribute { Key = "expectedAmount", Value = "120.00" });
            });
        }

        return events;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Writes touchpoints as NDJSON (the proto's JSON form, one per line), so any tool can replay them.</summary>
    public static void WriteNdjson(IEnumerable<Touchpoint> touchpoints, string path)
    {
        using var writer = new StreamWriter(path);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
        foreach (var touchpoint in touchpoints)
        {
            writer.WriteLine(formatter.Format(touchpoint));
        }
    }

    public static List<Touchpoint> ReadNdjson(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(Touchpoint.Parser.ParseJson)];
}

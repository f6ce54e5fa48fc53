using System.Collections.Concurrent;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journey.Tests.Delivery;

/// <summary>
/// The connectors process is killed with SIGKILL at random moments while 2,100 messages are due (700 e-mails, 700 letters,
/// 700 SMS) and started again each time: every message arrives; no letter and no SMS twice; an e-mail twice only when the
/// process died between the SMTP server's acceptance and the journal's record of it (counted and printed; at most one
/// per delivery in flight at each kill).
/// </summary>
[Collection(DeliveryCollection.Name)]
public class ConnectorKillTests(DeliveryFixture engine, ITestOutputHelper output)
{
    private const int PerChannel = 700;
    private const int Concurrency = 8;

    private static string Policy(string channel) => $$"""
        timeZone: Europe/Amsterdam
        client:
          name: Bulk B.V.
        ladder:
          - id: reminder-1
            after: PT1H
            kind: REMINDER
            channel: {{channel}}
            template: bulk-reminder
        budget:
          maxContacts: 10
          window: P7D
          minGap: PT1M
        """;

    [Fact]
    public async Task Killed_at_random_moments_and_restarted_every_message_arrives_once()
    {
        var tenants = new[] { ("bulk-mail", "EMAIL"), ("bulk-letter", "LETTER"), ("bulk-sms", "SMS") };
        foreach (var (tenant, channel) in tenants)
        {
            await engine.GraphQLDataAsync("mutation ($t: String!, $d: String!) { setPolicy(tenant: $t, document: $d) { version } }", new { t = tenant, d = Policy(channel) });
        }

        var now = await engine.NowAsync();
        var today = NodaTime.Instant.FromDateTimeOffset(now).InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).Date;
        var due = today.ToString("yyyy-MM-dd", null);
        var customers = tenants.SelectMany(t => Enumerable.Range(0, PerChannel).Select(i => (Tenant: t.Item1, Id: $"{t.Item1}-{i:D4}"))).ToList();
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (customer, cancellation) =>
        {
            foreach (var touchpoint in new[] { Contact(customer.Tenant, customer.Id, now), Invoice(customer.Tenant, customer.Id, now, due) })
            {
                await engine.Grpc.PushAsync(touchpoint, cancellationToken: cancellation);
            }
        });

        // Everything falls due at once (tomorrow 07:00 after quiet hours, or the next day that allows contact), and the clock
        // stops at 11:00 on a day that allows sending; the connectors deliver while being killed.
        var amsterdam = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        var sendDay = today.PlusDays(3);
        while (sendDay.DayOfWeek == NodaTime.IsoDayOfWeek.Sunday || Journey.Domain.Policies.DutchHolidays.IsHoliday(sendDay))
        {
            sendDay = sendDay.PlusDays(1);
        }

        await engine.AdvanceAsync(sendDay.At(new NodaTime.LocalTime(11, 0)).InZoneLeniently(amsterdam).ToDateTimeOffset());
        var random = new Random(7);
        var kills = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            var sent = await SentAsync(tenants.Select(t => t.Item1));
            if (sent == customers.Count && kills >= 3)
            {
                break;
            }

            if (kills < 6 && sent < customers.Count)
            {
                await Task.Delay(random.Next(300, 1500));
                await engine.Connectors.KillAsync();
                kills++;
                await engine.Connectors.StartAsync();
            }
            else
            {
                await Task.Delay(500);
            }
        }

        Assert.True(kills >= 3, $"only {kills} kills happened before every message was out: the test proves too little");
        var all = await SentAsync(tenants.Select(t => t.Item1));
        Assert.True(all == customers.Count, $"{all} of {customers.Count} sent; the connectors said:\n{Tail(engine.Connectors.Output)}");

        var mails = engine.Smtp.Messages.Where(m => m.MessageId?.StartsWith("bulk-mail-", StringComparison.Ordinal) == true).GroupBy(m => m.MessageId).ToList();
        var letters = Directory.EnumerateFiles(Path.Combine(engine.Letters, "bulk-letter"), "*.pdf", SearchOption.AllDirectories).ToList();
        var manifest = Directory.EnumerateFiles(Path.Combine(engine.Letters, "bulk-letter"), "manifest-*.csv").SelectMany(File.ReadLines).Where(l => !l.StartsWith("actionId", StringComparison.Ordinal)).ToList();
        var sms = engine.Sink.SmsAsked.Where(k => k.Key.StartsWith("bulk-sms:", StringComparison.Ordinal)).ToList();
        var twice = mails.Count(g => g.Count() > 1);
        output.WriteLine($"{kills} kills; e-mails {mails.Count} distinct, {twice} arrived twice (accepted by SMTP before the journal recorded them); letters {letters.Count}, manifest lines {manifest.Count}; SMS {sms.Count} delivered, {sms.Sum(k => k.Value) - sms.Count} repeats the provider answered as duplicates");

        Assert.Equal(PerChannel, mails.Count);
        Assert.InRange(twice, 0, kills * Concurrency);
        Assert.Equal(PerChannel, letters.Count);
        Assert.Equal(PerChannel, manifest.Select(l => l.Split(',')[0]).Distinct().Count());
        Assert.Equal(manifest.Count, manifest.Select(l => l.Split(',')[0]).Distinct().Count());
        Assert.Equal(PerChannel, sms.Count);
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    /// <summary>Actions reported SENT across the tenants, from each customer's state (a customer's reminder is its one action).</summary>
    private async Task<int> SentAsync(IEnumerable<string> tenants)
    {
        var sent = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(tenants.SelectMany(t => Enumerable.Range(0, PerChannel).Select(i => (t, $"{t}-{i:D4}"))), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (c, cancellation) =>
            {
                var customer = await engine.Grpc.GetCustomerAsync(new GetCustomerRequest { Tenant = c.t, CustomerId = c.Item2 }, cancellationToken: cancellation);
                sent.Add(customer.Actions.Count(a => a.Status == ActionStatus.Sent));
            });
        return sent.Sum();
    }

    private static Touchpoint Contact(string tenant, string customer, DateTimeOffset at)
    {
        var touchpoint = new Touchpoint { EventId = $"{customer}-contact", Tenant = tenant, CustomerId = customer, Type = TouchpointType.ContactDetailsChanged, OccurredAt = Domain.IsoTime.Format(at) };
        foreach (var (key, value) in new[] { ("name", customer), ("email", $"{customer}@example.org"), ("phone", $"+3161{customer[^4..]}0000"), ("addressLines", "Dorpsstraat 1"), ("postalCode", "1234 AB"), ("city", "Ergens") })
        {
            touchpoint.Attributes.Add(new Journey.Api.V1.Attribute { Key = key, Value = value });
        }

        return touchpoint;
    }

    private static Touchpoint Invoice(string tenant, string customer, DateTimeOffset at, string due) => new()
    {
        EventId = $"{customer}-invoice", Tenant = tenant, CustomerId = customer, CaseId = $"{customer}-1", Type = TouchpointType.InvoiceIssued,
        OccurredAt = Domain.IsoTime.Format(at), Amount = "10.00", Currency = "EUR", DueDate = due,
    };
}

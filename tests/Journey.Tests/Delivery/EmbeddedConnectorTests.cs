using Journey.Api.Security;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Delivery;

/// <summary>
/// <c>dotnet run --project silo</c>'s embedded default: the connectors run in the silo's process and write each message
/// under <c>Journey:Outbox</c> — also with tokens checked, where they carry a token of their own.
/// </summary>
public class EmbeddedConnectorTests
{
    private static readonly JourneyAuthOptions Auth = new() { Enabled = true, SigningKey = "embedded-signing-key-of-at-least-32-characters" };

    [Fact]
    public async Task With_tokens_checked_the_silo_writes_the_first_reminder_as_an_eml_file_in_its_outbox()
    {
        var outbox = Directory.CreateTempSubdirectory("journey-outbox-").FullName;
        await using var silo = SiloProcess.Create(
            $"--Journey:Outbox={outbox}", "--Journey:Clock=Simulated", "--Journey:SimulatedStart=2026-03-02T09:00:00+01:00",
            $"--Journey:Policies={Path.Combine(Repository.Root, "policies")}", $"--Journey:Templates={Path.Combine(Repository.Root, "templates")}",
            "--Journey:Auth:Enabled=true", $"--Journey:Auth:SigningKey={Auth.SigningKey}");
        await silo.StartAsync();
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{silo.GrpcPort}");
        var client = new JourneyService.JourneyServiceClient(channel);
        var headers = new Grpc.Core.Metadata { { "authorization", $"Bearer {DevTokens.Mint(Auth, ["webshop"], ["ingest", "read", "operator"], TimeSpan.FromHours(1))}" } };

        var contact = new Touchpoint { EventId = "anna-contact", Tenant = "webshop", CustomerId = "anna", Type = TouchpointType.ContactDetailsChanged, OccurredAt = "2026-03-02T09:00:00+01:00" };
        contact.Attributes.Add(new Journey.Api.V1.Attribute { Key = "email", Value = "anna@example.org" });
        await client.PushAsync(contact, headers);
        await client.PushAsync(new Touchpoint
        {
            EventId = "anna-invoice", Tenant = "webshop", CustomerId = "anna", CaseId = "order-77", Type = TouchpointType.InvoiceIssued,
            OccurredAt = "2026-03-02T09:00:00+01:00", Amount = "59.95", Currency = "EUR", DueDate = "2026-03-02",
        }, headers);
        await client.AdvanceClockAsync(new AdvanceClockRequest { To = "2026-03-04T10:00:00+01:00" }, headers);

        var mail = Path.Combine(outbox, "webshop", "anna", "a1.eml");
        await Until.TrueAsync(() => Task.FromResult(File.Exists(mail)), TimeSpan.FromSeconds(60), $"no {mail} was written:\n{silo.Output}");
        var text = await File.ReadAllTextAsync(mail);
        Assert.Contains("Message-Id: <anna/a1@webshop.journey>", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Bestelling order-77", text);
        await Until.TrueAsync(async () => (await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = "anna" }, headers)).Actions
            .Any(a => a.ActionId == "anna/a1" && a.Status == ActionStatus.Sent), TimeSpan.FromSeconds(30), "the reminder was not reported sent");
    }
}

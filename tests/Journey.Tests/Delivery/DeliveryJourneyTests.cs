using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journey.Messages;
using Journey.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Journey.Tests.Delivery;

/// <summary>
/// Messages that reach people, on the shipped webshop and housing policies and templates: e-mails at a real SMTP
/// server, letters as PDFs in the print folder, a bundle as one message, the agency naming itself after handover,
/// Dutch for a Dutch customer and English for an English one, a customer without an address failed as no-address,
/// and a payment through the link in a letter that settles the case so that nothing more is sent.
/// </summary>
public class DeliveryJourneyTests(DeliveryFixture engine) : IClassFixture<DeliveryFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_journey_of_messages_from_the_first_reminder_to_the_handover()
    {
        var start = await engine.NowAsync();
        Assert.True(start < new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.FromHours(1)), $"this journey starts on 2 March 2026; the shared clock is at {start}");
        var (bram, chris, dana, eva) = (Sample.NewId("bram"), Sample.NewId("chris"), Sample.NewId("dana"), Sample.NewId("eva"));
        var due = "2026-03-02";
        await engine.RecordAsync("webshop", bram, "CONTACT_DETAILS_CHANGED", start, attributes: [("name", "Bram Jansen"), ("email", "bram@example.org"), ("language", "nl")]);
        await engine.RecordAsync("webshop", chris, "CONTACT_DETAILS_CHANGED", start, attributes:
            [("name", "Chris Miller"), ("email", "chris@example.org"), ("addressLines", "Flat 2\n10 Baker Street"), ("postalCode", "NW1 6XE"), ("city", "London"), ("country", "GB"), ("language", "en")]);
        await engine.RecordAsync("housing", eva, "CONTACT_DETAILS_CHANGED", start, attributes:
            [("name", "Eva de Linde"), ("addressLines", "Kerkstraat 12"), ("postalCode", "3511 AB"), ("city", "Utrecht"), ("country", "NL")]);
        await engine.RecordAsync("webshop", bram, "INVOICE_ISSUED", start, $"{bram}-1", 24.50m, due);
        await engine.RecordAsync("webshop", bram, "INVOICE_ISSUED", start, $"{bram}-2", 1234.56m, due);
        await engine.RecordAsync("webshop", chris, "INVOICE_ISSUED", start, $"{chris}-1", 99.00m, due);
        await engine.RecordAsync("webshop", dana, "INVOICE_ISSUED", start, $"{dana}-1", 15.00m, due);
        await engine.RecordAsync("housing", eva, "INVOICE_ISSUED", start, $"{eva}-rent", 712.40m, due);

        // Wednesday 4 March, 07:00: the first reminders (overdue since Tuesday 00:00, one day later, after quiet hours).
        await engine.AdvanceAsync(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.FromHours(1)));
        var bundle = await OneMailAsync(bram);
        Assert.Equal("Vergeten te betalen? 2 bestellingen", bundle.Subject);
        Assert.Contains($"- {bram}-1: € 24,50", bundle.TextBody);
        Assert.Contains($"- {bram}-2: € 1.234,56", bundle.TextBody);
        Assert.Contains("Totaal: € 1.259,06", bundle.TextBody);
        Assert.Contains("https://pay.example/webshop/", bundle.TextBody);
        Assert.Equal("Webshop B.V.", bundle.From.Mailboxes.Single().Name);
        var english = await OneMailAsync(chris);
        Assert.Equal($"Forgot to pay? Order {chris}-1", english.Subject);
        Assert.Contains("€99.00", english.TextBody);

        // Dana gave no address: the reminder fails as no-address, on the action and on the timeline.
        var failed = await Until.ValueAsync(async () =>
        {
            var customer = await engine.CustomerAsync("webshop", dana);
            return customer["actions"]!.AsArray().FirstOrDefault(a => a!["status"]!.GetValue<string>() == "FAILED");
        }, Patience, "dana's reminder was not reported failed");
        Assert.Equal(("REMINDER", "no-address"), (failed["kind"]!.GetValue<string>(), failed["failureReason"]!.GetValue<string>()));
        var danaTimeline = (await engine.CustomerAsync("webshop", dana))["timeline"]!.AsArray();
        Assert.Contains(danaTimeline, t => t!["type"]!.GetValue<string>() == "MESSAGE_FAILED"
            && t["attributes"]!.AsArray().Any(a => a!["key"]!.GetValue<string>() == "reason" && a["value"]!.GetValue<string>() == "no-address"));

        // Eva pays part of the rent on Thursday; Friday's reminder letter says payment and letter may have crossed.
        await engine.AdvanceAsync(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.FromHours(1)));
        await engine.RecordAsync("housing", eva, "PAYMENT_RECEIVED", new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.FromHours(1)), $"{eva}-rent", 100.00m);
        await engine.AdvanceAsync(new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.FromHours(1)));
        var letter = await Until.ValueAsync(() => Task.FromResult(LettersOf("housing", eva).FirstOrDefault()), Patience, "eva's letter was not printed");
        var text = PdfText(letter);
        Assert.Contains("Eva de Linde", text);
        Assert.Contains("Kerkstraat 12", text);
        Assert.Contains("3511 AB UTRECHT", text);
        Assert.Contains("Woonstichting De Linde", text);
        Assert.Contains("€ 612,40", text);
        Assert.Contains("mogelijk gekruist", text);

        // She pays the rest through the letter's link: the provider's signed callback settles the case and cancels what was planned.
        var letterAction = (await engine.CustomerAsync("housing", eva))["actions"]!.AsArray().Single(a => a!["channel"]!.GetValue<string>() == "LETTER")!["actionId"]!.GetValue<string>();
        var url = (await engine.Grpc.RenderMessageAsync(new Journey.Api.V1.RenderMessageRequest { Tenant = "housing", CustomerId = eva, ActionId = letterAction })).PaymentUrl;
        Assert.Contains(url, text.Replace(" ", "", StringComparison.Ordinal));
        var token = Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]);
        var paid = await PayAsync("housing", new { paymentId = Sample.NewId("psp"), token, amount = 612.40m, currency = "EUR", paidAt = "2026-03-06T12:00:00+01:00" });
        Assert.Equal(200, (int)paid.StatusCode);
        var settled = await engine.CustomerAsync("housing", eva);
        Assert.Equal(("PAID", 0m), (settled["cases"]![0]!["stage"]!.GetValue<string>(), settled["cases"]![0]!["amountDue"]!.GetValue<decimal>()));
        Assert.DoesNotContain(settled["actions"]!.AsArray(), a => a!["status"]!.GetValue<string>() is "PLANNED" or "DISPATCHED");

        // On to Tuesday 7 April (Easter Monday is a holiday): Chris's case is handed over, and the agency names itself.
        await engine.AdvanceAsync(new DateTimeOffset(2026, 4, 8, 10, 0, 0, TimeSpan.FromHours(2)));
        var handover = await Until.ValueAsync(async () =>
        {
            var actions = (await engine.CustomerAsync("webshop", chris))["actions"]!.AsArray();
            return actions.FirstOrDefault(a => a!["kind"]!.GetValue<string>() == "HANDOVER_TO_COLLECTION" && a["status"]!.GetValue<string>() == "SENT");
        }, Patience, "chris's handover letter was not sent");
        var handoverPdf = PdfText(LetterOf("webshop", handover["actionId"]!.GetValue<string>()));
        Assert.Contains("Webshop B.V. has asked CBMK Incasso to collect", handoverPdf);
        Assert.Contains("WKI registration number WKI-2024-0117", handoverPdf);
        var hook = engine.Sink.Requests.Single(r => r.Path == "/hooks" && r.Body["event"]?.GetValue<string>() == "handover" && r.Body["customerId"]!.GetValue<string>() == chris);
        Assert.True(PaymentLinks.VerifyCallback(DeliveryFixture.Secret, hook.Timestamp!, hook.Raw, hook.Signature), "the handover webhook is signed");

        // Chris had two reminder e-mails before the 14-day letter, the second the webshop's own.
        var chrisMails = engine.Smtp.Messages.Where(m => m.MessageId?.StartsWith(chris + "/", StringComparison.Ordinal) == true).OrderBy(m => m.MessageId, StringComparer.Ordinal).ToList();
        Assert.Equal([$"Forgot to pay? Order {chris}-1", "Second reminder: €99.00 is still open"], chrisMails.Select(m => m.Subject));

        // Nothing more reached Eva after she paid: one letter, and every later step cancelled.
        Assert.Single(LettersOf("housing", eva));
        Assert.DoesNotContain(engine.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address.Contains(eva, StringComparison.Ordinal)));
    }

    private async Task<MimeKit.MimeMessage> OneMailAsync(string customer) =>
        await Until.ValueAsync(() => Task.FromResult(engine.Smtp.Messages.FirstOrDefault(m => m.MessageId?.StartsWith(customer + "/", StringComparison.Ordinal) == true)),
            Patience, $"no e-mail for {customer} arrived");

    private IEnumerable<string> LettersOf(string tenant, string customer)
    {
        var folder = Path.Combine(engine.Letters, tenant, customer);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.pdf") : [];
    }

    private string LetterOf(string tenant, string actionId) => Path.Combine([engine.Letters, tenant, .. actionId.Split('/')]) + ".pdf";

    private static string PdfText(string path)
    {
        using var document = PdfDocument.Open(path);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private async Task<HttpResponseMessage> PayAsync(string tenant, object callback)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(callback);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/payments/{tenant}/callback") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Journey-Timestamp", timestamp);
        request.Headers.Add("Journey-Signature", PaymentLinks.SignCallback(DeliveryFixture.Secret, timestamp, body));
        return await engine.Http.SendAsync(request);
    }
}

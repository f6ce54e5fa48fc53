using Journey.Domain;
using Journey.Domain.Rules;
using UglyToad.PdfPig;

namespace Journey.Messages.Tests;

public class LetterPdfTests
{
    [Fact]
    public void A_letter_holds_the_address_in_the_window_the_sender_the_amounts_and_the_crossed_payment_sentence()
    {
        var message = new RenderedMessage(Channel.LETTER, "nl", "rent-reminder", "Uw huur is nog niet betaald",
            "Beste Anna,\n\nHeeft u onlangs betaald? Dan hebben uw betaling en deze brief elkaar mogelijk gekruist.\n\n- huur-2026-03: € 712,40\nTotaal: € 712,40\n", null);
        var heading = new LetterHeading("CBMK Incasso", "WKI-2024-0117", ["Anna de Vries", "Kerkstraat 12", "3511 AB Utrecht"], "16 maart 2026", "c-1/a4",
            "https://pay.example/p/abc", "nl");

        var pdf = LetterPdf.Render(message, heading);

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        var text = string.Join(" ", page.GetWords().Select(w => w.Text));
        Assert.Contains("Kerkstraat 12", text);
        Assert.Contains("CBMK Incasso", text);
        Assert.Contains("WKI-2024-0117", text);
        Assert.Contains("€ 712,40", text);
        Assert.Contains("mogelijk gekruist", text);
        Assert.Contains("https://pay.example/p/abc", text);

        // The address sits in the window: 20–105 mm from the left, 45–90 mm from the top of the A4 page (297 mm).
        var street = page.GetWords().First(w => w.Text == "Kerkstraat");
        var (leftMm, topMm) = (street.BoundingBox.Left / 72 * 25.4, 297 - street.BoundingBox.Top / 72 * 25.4);
        Assert.InRange(leftMm, 20, 105);
        Assert.InRange(topMm, 45, 90);
        Assert.Equal(595, (int)Math.Round(page.Width));
    }

    [Fact]
    public void A_long_letter_continues_on_a_second_page()
    {
        var body = string.Join("\n", Enumerable.Range(1, 80).Select(i => $"Regel {i} van een lange brief."));
        var pdf = LetterPdf.Render(new RenderedMessage(Channel.LETTER, "en", "t", "Long", body, null),
            new LetterHeading("Sender", null, ["A", "B"], "1 March 2026", "c/a1", null, "en"));
        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 2);
        Assert.Contains("Regel 80", string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).Replace("Regel 80", "Regel 80", StringComparison.Ordinal));
    }
}

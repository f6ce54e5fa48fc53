using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace Journey.Messages;

/// <summary>Who a letter is from, as the customer sees it, and where it goes.</summary>
public sealed record LetterHeading(string SenderName, string? WkiNumber, IReadOnlyList<string> AddressBlock, string Date, string ActionId, string? PaymentUrl, string Language);

/// <summary>
/// A print-ready A4 letter: the sender top right (with the WKI number when an agency writes), the address where
/// a window envelope shows it (DIN 5008 form B: 20 mm from the left, 45 mm from the top, 85 × 45 mm), the date,
/// the subject, the body on as many pages as it needs, and a payment QR code with its link on the last page.
/// The action id is printed small in the margin so a returned letter can be traced.
/// </summary>
public static class LetterPdf
{
    private const string Family = "Journey Sans";
    private static readonly double Mm = XUnit.FromMillimeter(1).Point;
    private static readonly Lock FontsLock = new();

    public static byte[] Render(RenderedMessage message, LetterHeading heading)
    {
        EnsureFonts();
        var document = new PdfDocument();
        document.Info.Title = message.Subject ?? "";
        document.Info.Author = heading.SenderName;
        var regular = new XFont(Family, 10, XFontStyleEx.Regular);
        var bold = new XFont(Family, 10, XFontStyleEx.Bold);
        var small = new XFont(Family, 7, XFontStyleEx.Regular);

        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        void Margin(XGraphics g) => g.DrawString(heading.ActionId, small, XBrushes.Gray, new XPoint(20 * Mm, 290 * Mm));

        var y = 15 * Mm;
        gfx.DrawString(heading.SenderName, bold, XBrushes.Black, new XPoint(120 * Mm, y));
        if (heading.WkiNumber is { } wki)
        {
            gfx.DrawString($"{(heading.Language == "en" ? "WKI registration" : "WKI-registratie")} {wki}", regular, XBrushes.Black, new XPoint(120 * Mm, y + 5 * Mm));
        }

        y = 50 * Mm;
        foreach (var line in heading.AddressBlock.Take(6))
        {
            gfx.DrawString(line, regular, XBrushes.Black, new XPoint(22 * Mm, y));
            y += 4.6 * Mm;
        }

        gfx.DrawString(heading.Date, regular, XBrushes.Black, new XPoint(20 * Mm, 100 * Mm));
        y = 110 * Mm;
        if (message.Subject is { } subject)
        {
            foreach (var line in Wrap(gfx, subject, bold, 170 * Mm))
            {
                gfx.DrawString(line, bold, XBrushes.Black, new XPoint(20 * Mm, y));
                y += 5 * Mm;
            }

            y += 3 * Mm;
        }

        var bottom = heading.PaymentUrl is null ? 275 * Mm : 240 * Mm;
        foreach (var paragraph in message.Text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var lines = paragraph.Length == 0 ? [""] : Wrap(gfx, paragraph, regular, 170 * Mm);
            foreach (var line in lines)
            {
                if (y > bottom)
                {
                    Margin(gfx);
                    gfx.Dispose();
                    page = document.AddPage();
                    page.Size = PdfSharp.PageSize.A4;
                    gfx = XGraphics.FromPdfPage(page);
                    y = 20 * Mm;
                }

                gfx.DrawString(line, regular, XBrushes.Black, new XPoint(20 * Mm, y));
                y += 4.6 * Mm;
            }
        }

        if (heading.PaymentUrl is { } url)
        {
            DrawQr(gfx, url, 160 * Mm, 245 * Mm, 30 * Mm);
            gfx.DrawString(heading.Language == "en" ? "Scan to pay, or visit:" : "Scan om te betalen, of ga naar:", regular, XBrushes.Black, new XPoint(20 * Mm, 250 * Mm));
            var urlLines = Chunks(gfx, url, small, 135 * Mm);
            for (var i = 0; i < urlLines.Count; i++)
            {
                gfx.DrawString(urlLines[i], small, XBrushes.Black, new XPoint(20 * Mm, (255 + 3.5 * i) * Mm));
            }
        }

        Margin(gfx);
        gfx.Dispose();
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void DrawQr(XGraphics gfx, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Length; column++)
            {
                if (modules[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }

    /// <summary>A link has no spaces to wrap at: it is cut where the line is full.</summary>
    private static List<string> Chunks(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var start = 0;
        for (var end = 1; end <= text.Length; end++)
        {
            if (end - start > 1 && gfx.MeasureString(text[start..end], font).Width > width)
            {
                lines.Add(text[start..(end - 1)]);
                start = end - 1;
            }
        }

        lines.Add(text[start..]);
        return lines;
    }

    private static void EnsureFonts()
    {
        lock (FontsLock)
        {
            GlobalFontSettings.FontResolver ??= new SystemFonts();
        }
    }

    /// <summary>The machine's DejaVu Sans (Debian's fonts-dejavu-core), or Liberation Sans, under one family name.</summary>
    private sealed class SystemFonts : IFontResolver
    {
        private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/TTF", "/usr/local/share/fonts"];
        private static readonly (string Regular, string Bold)[] Faces = [("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")];

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "bold" : "regular");

        public byte[]? GetFont(string faceName)
        {
            foreach (var folder in Folders)
            {
                foreach (var (regular, bold) in Faces)
                {
                    var path = Path.Combine(folder, faceName == "bold" ? bold : regular);
                    if (File.Exists(path))
                    {
                        return File.ReadAllBytes(path);
                    }
                }
            }

            throw new InvalidOperationException("letters need a TrueType font: install fonts-dejavu-core (apt) or fonts-liberation");
        }
    }
}

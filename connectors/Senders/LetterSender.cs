using System.Globalization;
using Journey.Api.V1;

namespace Journey.Connectors.Senders;

/// <summary>
/// Letters as print-ready A4 PDFs in a print folder, <c>{folder}/{tenant}/{actionId}.pdf</c>, each written whole or not at
/// all, and a line per letter in the tenant's manifest of the day (<c>manifest-{yyyy-MM-dd}.csv</c>) for the print house.
/// A letter whose file is there already is not written again, and the manifest names it once: a restart never prints one twice.
/// </summary>
public sealed class LetterSender(string folder, Func<CancellationToken, Task<DateTimeOffset>> now) : IChannelSender
{
    private readonly Lock _manifest = new();
    private readonly Dictionary<string, HashSet<string>> _listed = new(StringComparer.Ordinal);

    public bool Handles(Channel channel) => channel == Channel.Letter;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellation)
    {
        var path = AtomicFile.PathOf(folder, message.Tenant, message.ActionId, ".pdf");
        if (!File.Exists(path))
        {
            var pdf = ToDomain(message).LetterPdf();
            await AtomicFile.WriteAsync(path, file => file.WriteAsync(pdf, cancellation).AsTask(), cancellation);
        }

        // The manifest names each letter once, also when the process died between the PDF and its line.
        var day = await now(cancellation);
        lock (_manifest)
        {
            var manifest = Path.Combine(folder, message.Tenant, $"manifest-{day:yyyy-MM-dd}.csv");
            if (!_listed.TryGetValue(manifest, out var listed))
            {
                listed = File.Exists(manifest) ? [.. File.ReadLines(manifest).Select(l => l.Split(',')[0])] : [];
                _listed[manifest] = listed;
            }

            if (listed.Add(message.ActionId))
            {
                var header = !File.Exists(manifest);
                using var writer = new StreamWriter(manifest, append: true);
                if (header)
                {
                    writer.WriteLine("actionId,customerId,file,bytes,writtenAt");
                }

                writer.WriteLine(string.Join(',', Csv(message.ActionId), Csv(message.CustomerId), Csv(Path.GetRelativePath(folder, path)),
                    new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture), day.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
                writer.Flush();
                writer.BaseStream.Flush();
            }
        }

        return SendResult.Done;
    }

    /// <summary>The engine's rendered message as the shared message library's, which lays out the letter exactly as the desk's preview does.</summary>
    public static Messages.OutgoingMessage ToDomain(OutgoingMessage message)
    {
        var recipient = new Messages.Recipient(NullIfEmpty(message.Recipient.Name), NullIfEmpty(message.Recipient.Email), NullIfEmpty(message.Recipient.Phone),
            [.. message.Recipient.AddressLines], NullIfEmpty(message.Recipient.PostalCode), NullIfEmpty(message.Recipient.City), NullIfEmpty(message.Recipient.Country));
        var content = new Messages.RenderedMessage(Domain.Channel.LETTER, message.Language, message.Template, NullIfEmpty(message.Subject), message.Text, NullIfEmpty(message.Html));
        return new Messages.OutgoingMessage(message.Tenant, message.CustomerId, message.ActionId, DomainEnum<Domain.Policies.ActionKind>(message.Kind.ToString()),
            Domain.Channel.LETTER, DomainEnum<Domain.Policies.ActionStatus>(message.Status.ToString()), message.SenderName, NullIfEmpty(message.WkiNumber), DateOnly.Parse(message.LetterDate, CultureInfo.InvariantCulture),
            recipient, content, NullIfEmpty(message.PaymentUrl), DateTimeOffset.MinValue, null, message.BookedByTeam);
    }

    /// <summary>A proto enum value (<c>HandoverToCollection</c>) as the domain's (<c>HANDOVER_TO_COLLECTION</c>).</summary>
    private static T DomainEnum<T>(string proto)
        where T : struct, Enum =>
        Enum.GetValues<T>().First(v => string.Equals(v.ToString().Replace("_", "", StringComparison.Ordinal), proto, StringComparison.OrdinalIgnoreCase));

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string Csv(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}

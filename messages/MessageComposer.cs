using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using NodaTime;

namespace Journey.Messages;

/// <summary>Where a message goes: the customer's name and the address for its channel.</summary>
public sealed record Recipient(string? Name, string? Email, string? Phone, ImmutableArray<string> AddressLines, string? PostalCode, string? City, string? Country)
{
    public static Recipient Of(ContactDetails? contact) => contact is null
        ? new Recipient(null, null, null, [], null, null, null)
        : new Recipient(contact.Name, contact.Email, contact.Phone, contact.AddressLines, contact.PostalCode, contact.City, contact.Country);

    /// <summary>The lines a window envelope shows: name, street lines, postal code and city, and the country when it is not the Netherlands.</summary>
    public IReadOnlyList<string> AddressBlock()
    {
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(Name))
        {
            lines.Add(Name);
        }

        lines.AddRange(AddressLines);
        var place = string.Join("  ", new[] { PostalCode, City?.ToUpperInvariant() }.Where(p => !string.IsNullOrEmpty(p)));
        if (place.Length > 0)
        {
            lines.Add(place);
        }

        if (!string.IsNullOrEmpty(Country) && Country != "NL")
        {
            lines.Add(Country);
        }

        return lines;
    }
}

/// <summary>A tenant's payment links: the provider's URL (with <c>{token}</c>), the secret that signs them, and how many days a link stays valid.</summary>
public sealed record PaymentLinkSettings(string UrlTemplate, string Secret, int ValidDays);

/// <summary>
/// An action as it goes out: to whom, in what words, from whom, when it may be sent, or why it cannot be
/// (<see cref="Failure"/>: <c>no-address</c>, <c>no-template</c>). The same for a preview and a send.
/// </summary>
public sealed record OutgoingMessage(
    string Tenant,
    string CustomerId,
    string ActionId,
    ActionKind Kind,
    Channel Channel,
    ActionStatus Status,
    string SenderName,
    string? WkiNumber,
    DateOnly LetterDate,
    Recipient Recipient,
    RenderedMessage? Content,
    string? PaymentUrl,
    DateTimeOffset SendFrom,
    string? Failure,
    bool BookedByTeam,
    DateTimeOffset RenderedAt = default)
{
    public const string NoAddress = "no-address";
    public const string NoTemplate = "no-template";

    /// <summary>Whether the engine still wants it sent (not cancelled, not already reported).</summary>
    public bool Pending => Status == ActionStatus.DISPATCHED;

    public byte[] LetterPdf() => Messages.LetterPdf.Render(
        Content ?? throw new InvalidOperationException($"{ActionId} has no content: {Failure}"),
        new LetterHeading(SenderName, WkiNumber, Recipient.AddressBlock(), MessageRenderer.LongDate(LetterDate, Content.Language), ActionId, PaymentUrl, Content.Language));
}

/// <summary>Composes the message an action becomes: the template found, the model built, the text rendered, the address checked, the payment link signed.</summary>
public static class MessageComposer
{
    public static OutgoingMessage Compose(CustomerState state, OutboundAction action, Policy policy, TemplateSet? own, TemplateSet? fallback,
        PaymentLinkSettings? payments, DateTimeOffset now)
    {
        var language = MessageModel.LanguageOf(state, own?.DefaultLanguage ?? fallback?.DefaultLanguage ?? "nl");
        var recipient = Recipient.Of(state.Contact);
        var letterDate = Instant.FromDateTimeOffset(action.At).InZone(policy.Zone).Date.ToDateOnly();
        var sendFrom = policy.QuietHours.Exempt.Contains(action.Kind) ? now : ContactCalendar.NextAllowed(now, policy.QuietHours, policy.Zone);
        var failure = action.Channel switch
        {
            Channel.EMAIL when string.IsNullOrEmpty(recipient.Email) => OutgoingMessage.NoAddress,
            Channel.SMS when string.IsNullOrEmpty(recipient.Phone) => OutgoingMessage.NoAddress,
            Channel.LETTER when state.Contact is not { HasPostalAddress: true } => OutgoingMessage.NoAddress,
            _ => null,
        };

        var link = PaymentLink(state, action, policy, payments, now);
        RenderedMessage? content = null;
        if (TemplateLookup.Find(own, fallback, action, language) is { } template)
        {
            content = MessageRenderer.Render(template, MessageModel.Build(state, action, policy, template.Language, link, now));
        }
        else
        {
            failure ??= OutgoingMessage.NoTemplate;
        }

        return new OutgoingMessage(state.Tenant, state.CustomerId, action.ActionId, action.Kind, action.Channel, action.Status, action.SenderName, action.WkiNumber,
            letterDate, recipient, content, link?.Url, sendFrom, failure, action.Team is not null, now);
    }

    private static PaymentLinkModel? PaymentLink(CustomerState state, OutboundAction action, Policy policy, PaymentLinkSettings? settings, DateTimeOffset now)
    {
        var cases = MessageModel.CasesOf(state, action).Where(c => c.IsOpen && c.AmountDue > 0).ToList();
        if (settings is null || cases.Count == 0)
        {
            return null;
        }

        // Valid from the day the action was due, so that a preview and the send carry the same link.
        var expires = Instant.FromDateTimeOffset(action.At).InZone(policy.Zone).Date.PlusDays(settings.ValidDays).ToDateOnly();
        var claims = new PaymentLinkClaims(state.Tenant, state.CustomerId, [.. cases.Select(c => c.CaseId)], cases.Sum(c => c.AmountDue), cases[0].Currency, expires, action.ActionId);
        return new PaymentLinkModel(PaymentLinks.Url(settings.UrlTemplate, PaymentLinks.Token(claims, settings.Secret)), expires);
    }
}

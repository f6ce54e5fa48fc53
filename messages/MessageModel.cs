using System.Globalization;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using NodaTime;

namespace Journey.Messages;

/// <summary>A payment link for the cases a message speaks for (<see cref="PaymentLinks"/>).</summary>
public sealed record PaymentLinkModel(string Url, DateOnly ExpiresOn);

/// <summary>
/// What a template sees (documented in docs/messages.md): the sender as the customer will see it, the customer,
/// every case the action speaks for, the total, the crossed-payment notice, the 14-day letter's terms and the
/// payment link. Built from the customer's state, the action and the policy — the same for a preview and a send.
/// Amounts are numbers and dates ISO-8601 text: format them with the filters <c>money</c> and <c>long_date</c>.
/// </summary>
public static class MessageModel
{
    /// <summary>The shape of a model value: an object's members, a list's item, or a plain value.</summary>
    public sealed record Shape(IReadOnlyDictionary<string, Shape>? Members = null, Shape? Item = null)
    {
        public static readonly Shape Value = new();

        public static Shape Object(params (string Name, Shape Shape)[] members) => new(members.ToDictionary(m => m.Name, m => m.Shape));

        public static Shape List(Shape item) => new(Item: item);
    }

    public static readonly Shape Case = Shape.Object(("case_id", Shape.Value), ("invoice", Shape.Value), ("amount_due", Shape.Value), ("currency", Shape.Value),
        ("due_date", Shape.Value), ("amount_invoiced", Shape.Value));

    public static readonly Shape Schema = Shape.Object(
        ("language", Shape.Value),
        ("today", Shape.Value),
        ("action", Shape.Object(("id", Shape.Value), ("kind", Shape.Value), ("channel", Shape.Value), ("template", Shape.Value), ("at", Shape.Value))),
        ("sender", Shape.Object(("kind", Shape.Value), ("name", Shape.Value), ("wki_number", Shape.Value), ("is_agency", Shape.Value))),
        ("customer", Shape.Object(("id", Shape.Value), ("name", Shape.Value), ("email", Shape.Value), ("phone", Shape.Value),
            ("address_lines", Shape.List(Shape.Value)), ("postal_code", Shape.Value), ("city", Shape.Value), ("country", Shape.Value))),
        ("cases", Shape.List(Case)),
        ("total", Shape.Value),
        ("currency", Shape.Value),
        ("may_have_crossed", Shape.Value),
        ("final_notice", Shape.Object(("costs", Shape.Value), ("received_on", Shape.Value), ("deadline", Shape.Value), ("total_with_costs", Shape.Value))),
        ("payment", Shape.Object(("url", Shape.Value), ("expires_on", Shape.Value))));

    /// <summary>The language a message to the customer is written in: theirs, else the templates' default.</summary>
    public static string LanguageOf(CustomerState state, string defaultLanguage) => state.Contact?.Language ?? defaultLanguage;

    /// <summary>The cases an action speaks for with what each owes now: a bundle's members, or its own case (none for a contact about no case).</summary>
    public static IReadOnlyList<CaseState> CasesOf(CustomerState state, OutboundAction action)
    {
        var ids = action.IsBundle ? action.Cases.Select(c => c.CaseId) : action.CaseId is { } id ? [id] : [];
        return [.. ids.Select(state.FindCase).OfType<CaseState>()];
    }

    public static Dictionary<string, object?> Build(CustomerState state, OutboundAction action, Policy policy, string language, PaymentLinkModel? payment, DateTimeOffset now)
    {
        var cases = CasesOf(state, action);
        var currency = cases.Count > 0 ? cases[0].Currency : "EUR";
        var total = cases.Sum(c => c.AmountDue);
        var contact = state.Contact;
        // Liquid's falsy values are nil and false only, and a strict render refuses nil: an absent object is
        // false (so `{% if payment %}` reads naturally) and an absent text is empty (so `| default:` applies).
        object notice = action.CollectionCosts is { } costs
            ? new Dictionary<string, object?>
            {
                ["costs"] = costs,
                ["received_on"] = action.ReceivedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                ["deadline"] = action.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                ["total_with_costs"] = total + costs,
            }
            : (object)false;
        return new Dictionary<string, object?>
        {
            ["language"] = language,
            ["today"] = Instant.FromDateTimeOffset(now).InZone(policy.Zone).Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["action"] = new Dictionary<string, object?>
            {
                ["id"] = action.ActionId,
                ["kind"] = action.Kind.ToString(),
                ["channel"] = action.Channel.ToString(),
                ["template"] = action.Template ?? "",
                ["at"] = IsoTime.Format(action.At),
            },
            ["sender"] = new Dictionary<string, object?>
            {
                ["kind"] = action.Sender.ToString(),
                ["name"] = action.SenderName,
                ["wki_number"] = action.WkiNumber ?? "",
                ["is_agency"] = action.Sender == Sender.AGENCY,
            },
            ["customer"] = new Dictionary<string, object?>
            {
                ["id"] = state.CustomerId,
                ["name"] = contact?.Name ?? "",
                ["email"] = contact?.Email ?? "",
                ["phone"] = contact?.Phone ?? "",
                ["address_lines"] = contact is null ? new List<object?>() : contact.AddressLines.Cast<object?>().ToList(),
                ["postal_code"] = contact?.PostalCode ?? "",
                ["city"] = contact?.City ?? "",
                ["country"] = contact?.Country ?? "",
            },
            ["cases"] = cases.Select(c => (object?)new Dictionary<string, object?>
            {
                ["case_id"] = c.CaseId,
                ["invoice"] = c.CaseId,
                ["amount_due"] = c.AmountDue,
                ["amount_invoiced"] = c.AmountInvoiced,
                ["currency"] = c.Currency,
                ["due_date"] = c.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }).ToList(),
            ["total"] = total,
            ["currency"] = currency,
            ["may_have_crossed"] = action.Notices.Contains(Notices.MayHaveCrossed),
            ["final_notice"] = notice,
            ["payment"] = payment is null ? false : new Dictionary<string, object?>
            {
                ["url"] = payment.Url,
                ["expires_on"] = payment.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>A model with every field filled and every option on: what a template is rendered against when it is set, so no branch fails later.</summary>
    public static Dictionary<string, object?> Sample(string language)
    {
        var state = CustomerJourney.Empty("sample", "sample-customer") with
        {
            Contact = new ContactDetails
            {
                Name = "A. Sample", Email = "a.sample@example.org", Phone = "+31612345678", AddressLines = ["Voorbeeldstraat 1"],
                PostalCode = "1234 AB", City = "Utrecht", Country = "NL", Language = language,
            },
            Cases = [new CaseState { CaseId = "INV-1", Currency = "EUR", AmountInvoiced = 1234.56m, DueDate = new DateOnly(2026, 3, 1) }],
        };
        var action = new OutboundAction
        {
            ActionId = "sample-customer/a1", CaseId = "INV-1", Kind = ActionKind.FINAL_NOTICE, Channel = Channel.LETTER, Sender = Sender.AGENCY,
            SenderName = "Sample Incasso", WkiNumber = "WKI-0000-0000", Template = "sample", Notices = [Notices.MayHaveCrossed],
            At = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(1)), CollectionCosts = 185.18m,
            ReceivedOn = new DateOnly(2026, 3, 18), Deadline = new DateOnly(2026, 4, 1),
        };
        return Build(state, action, new Policy(), language, new PaymentLinkModel("https://pay.example.org/p/sample", new DateOnly(2026, 4, 1)), action.At);
    }
}

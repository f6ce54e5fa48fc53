using System.Globalization;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

/// <summary>
/// A short account of the customer's situation in plain words, for the person who talks to them: flags
/// first (a person decides), what is open and overdue, holds and why, promises, the last contacts and
/// the risk signals. It describes; it never decides or advises a step.
/// </summary>
public static class CustomerSummary
{
    public static IReadOnlyList<string> Of(CustomerState state, Policy policy, DateTimeOffset now, ExplanationLanguage language = ExplanationLanguage.EN)
    {
        var nl = language == ExplanationLanguage.NL;
        var culture = CultureInfo.GetCultureInfo("nl-NL");
        var zone = policy.Zone;
        string Money(decimal amount) => amount.ToString("C", culture);
        string Day(DateTimeOffset at) => Instant.FromDateTimeOffset(at).InZone(zone).Date.ToString("d MMMM yyyy", nl ? culture : CultureInfo.GetCultureInfo("en-GB"));
        string Date(DateOnly date) => LocalDate.FromDateOnly(date).ToString("d MMMM yyyy", nl ? culture : CultureInfo.GetCultureInfo("en-GB"));

        var lines = new List<string>();
        foreach (var flag in state.Flags)
        {
            lines.Add(ReasonCatalogue.Explain(Reasons.Flag(flag), language).Label + ".");
        }

        var open = state.Cases.Where(c => c.IsOpen).ToList();
        if (open.Count == 0)
        {
            lines.Add(nl ? "Geen openstaande dossiers." : "No open cases.");
        }
        else
        {
            var overdue = open.Where(c => now >= CaseStatus.OverdueFrom(c, zone)).ToList();
            lines.Add(nl
                ? $"{open.Count} open {(open.Count == 1 ? "dossier" : "dossiers")}, samen {Money(open.Sum(c => c.AmountDue))}; {overdue.Count} achterstallig ({Money(overdue.Sum(c => c.AmountDue))})."
                : $"{open.Count} open {(open.Count == 1 ? "case" : "cases")}, {Money(open.Sum(c => c.AmountDue))} together; {overdue.Count} overdue ({Money(overdue.Sum(c => c.AmountDue))}).");
        }

        foreach (var hold in state.Holds.OrderBy(h => h.OpenedAt))
        {
            var what = hold.Kind == HoldKind.COMPLAINT ? (nl ? "Klacht" : "Complaint") : (nl ? "Geschil" : "Dispute");
            var scope = hold.CaseId is { } caseId ? (nl ? $"dossier {caseId}" : $"case {caseId}") : (nl ? "alle dossiers" : "every case");
            lines.Add(nl
                ? $"{what} sinds {Day(hold.OpenedAt)} ({scope}): \"{hold.Reason}\" — incasso staat stil."
                : $"{what} since {Day(hold.OpenedAt)} ({scope}): \"{hold.Reason}\" — collection is on hold.");
        }

        foreach (var promise in state.Promises.Where(p => p.CaseId is null || open.Any(c => c.CaseId == p.CaseId)).TakeLast(2))
        {
            var amount = promise.Amount is { } value ? Money(value) : (nl ? "het openstaande bedrag" : "the amount due");
            lines.Add(nl ? $"Heeft toegezegd {amount} te betalen op {Date(promise.PromisedFor)}." : $"Promised to pay {amount} on {Date(promise.PromisedFor)}.");
        }

        // What the customer received, and who decided it. An in-app notice is shown because the customer
        // opened the app: it is told apart, never presented as a contact made to them.
        var received = state.Contacts.Where(c => Contacts.KindOf(state, c) != ActionKind.IN_APP_REMINDER && !ContactBudgetRules.Failed(state, c)).Take(2).ToList();
        if (received.Count > 0)
        {
            var described = received.Select(c => $"{Describe(state, c, nl)} ({Day(c.At)})");
            lines.Add((nl ? "Laatste contacten: " : "Last contacts: ") + string.Join(", ", described) + ".");
        }

        if (state.Contacts.FirstOrDefault(c => Contacts.KindOf(state, c) == ActionKind.IN_APP_REMINDER) is { } notice
            && (received.Count == 0 || notice.At > received[0].At))
        {
            lines.Add(nl
                ? $"Zag op {Day(notice.At)} de melding van het openstaande bedrag in de app (getoond omdat de klant de app opende)."
                : $"Saw the notice of the open amount in the app on {Day(notice.At)} (shown because they opened the app).");
        }

        var risk = RiskAssessment.Assess(state, policy, now);
        if (risk.Level > RiskLevel.NONE)
        {
            var signals = string.Join(", ", risk.Signals.Select(s => ReasonCatalogue.Explain(Reasons.RiskSignal(s), language).Label.Split(": ", 2)[^1].ToLower(culture)));
            lines.Add(nl ? $"Risico {risk.Level}: {signals}." : $"Risk {risk.Level}: {signals}.");
        }

        return lines;
    }

    /// <summary>"reminder by e-mail from the rules", "call from Service": what it was, how, and who decided it.</summary>
    private static string Describe(CustomerState state, ContactEntry contact, bool nl)
    {
        var kind = Contacts.KindOf(state, contact);
        var call = kind == ActionKind.CALL_TASK || (kind is null && contact.Type == TouchpointType.CALL_COMPLETED);
        var what = (kind, call) switch
        {
            (_, true) => nl ? "telefoongesprek" : "call",
            (ActionKind.REMINDER, _) => nl ? "herinnering" : "reminder",
            (ActionKind.FINAL_NOTICE, _) => nl ? "laatste aanmaning" : "final notice",
            (ActionKind.HANDOVER_TO_COLLECTION, _) => nl ? "overdracht aan incasso" : "handover to collection",
            (ActionKind.LEGAL_REVIEW, _) => nl ? "juridische beoordeling" : "legal review",
            (ActionKind.CONFIRMATION, _) => nl ? "bevestiging" : "confirmation",
            (ActionKind.ADVICE, _) => nl ? "advies" : "advice",
            _ => nl ? "bericht" : "message",
        };
        var how = call || contact.Channel is not { } channel ? "" : (nl ? " per " : " by ") + channel switch
        {
            Channel.EMAIL => "e-mail",
            Channel.LETTER => nl ? "brief" : "letter",
            Channel.SMS => "sms",
            Channel.APP => "app",
            Channel.WEB => "web",
            Channel.CHAT => "chat",
            _ => nl ? "telefoon" : "phone",
        };
        var who = contact.ByRules
            ? (nl ? "de regels" : "the rules")
            : contact.Team switch
            {
                Team.SALES => nl ? "verkoop" : "sales",
                Team.SERVICE => nl ? "klantenservice" : "service",
                Team.BILLING => nl ? "facturatie" : "billing",
                Team.COLLECTION => nl ? "incasso" : "collection",
                _ => nl ? "onbekend" : "unknown",
            };
        return $"{what}{how}{(nl ? ", besloten door " : ", decided by ")}{who}";
    }
}

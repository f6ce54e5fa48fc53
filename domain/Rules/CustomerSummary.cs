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

        var contacts = state.Contacts.Take(2).ToList();
        if (contacts.Count > 0)
        {
            var described = contacts.Select(c => $"{c.Channel?.ToString() ?? "-"} ({(c.Team?.ToString() ?? "-")}, {Day(c.At)})");
            lines.Add((nl ? "Laatste contacten: " : "Last contacts: ") + string.Join(", ", described) + ".");
        }

        var risk = RiskAssessment.Assess(state, policy, now);
        if (risk.Level > RiskLevel.NONE)
        {
            var signals = string.Join(", ", risk.Signals.Select(s => ReasonCatalogue.Explain(Reasons.RiskSignal(s), language).Label.Split(": ", 2)[^1].ToLower(culture)));
            lines.Add(nl ? $"Risico {risk.Level}: {signals}." : $"Risk {risk.Level}: {signals}.");
        }

        return lines;
    }
}

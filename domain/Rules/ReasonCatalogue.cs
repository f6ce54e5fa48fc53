using System.Collections.Frozen;
using Journey.Domain.Replay;

namespace Journey.Domain.Rules;

/// <summary>The languages reasons are explained in.</summary>
public enum ExplanationLanguage
{
    EN,
    NL,
}

/// <summary>A reason id with its plain-words label.</summary>
public sealed record Explanation(string Code, string Label);

/// <summary>
/// The one catalogue of what every reason id means, in plain words, in English and Dutch. Ids with a
/// parameter (<c>ladder.step:reminder-1</c>, <c>consent.missing:EMAIL</c>) are labelled with their
/// parameter. An id the catalogue does not know is explained by itself, so an explanation never fails.
/// </summary>
public static class ReasonCatalogue
{
    private static readonly FrozenDictionary<string, (string En, string Nl)> Fixed = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        [Reasons.QuietHoursDeferred] = ("Moved out of quiet hours (20:00–07:00, Sundays, public holidays)", "Verschoven buiten de rusttijden (20:00–07:00, zondagen, feestdagen)"),
        [Reasons.CustomerErased] = ("The customer's data was erased", "De gegevens van de klant zijn gewist"),
        [Reasons.BudgetWindow] = ("The contact budget for this period is used up", "Het contactbudget voor deze periode is op"),
        [Reasons.BudgetMinGap] = ("Too soon after the previous contact", "Te kort na het vorige contact"),
        [Reasons.VulnerableHumanChannel] = ("Vulnerable customer: only a person contacts them", "Kwetsbare klant: alleen een mens neemt contact op"),
        [Reasons.PaymentCancels] = ("Paid: pending contacts are cancelled", "Betaald: geplande contacten vervallen"),
        [Reasons.CaseClosed] = ("The case is closed", "Het dossier is gesloten"),
        [Reasons.MayHaveCrossed] = ("Says that payment and reminder may have crossed", "Meldt dat betaling en herinnering elkaar kunnen hebben gekruist"),
        [Reasons.ConditionDebtorType] = ("Step skipped: it is for another kind of debtor", "Stap overgeslagen: die geldt voor een ander soort debiteur"),
        [Reasons.ConditionSegment] = ("Step skipped: the customer is not in its segment", "Stap overgeslagen: de klant valt niet in het segment"),
        [Reasons.ConditionMinAmount] = ("Step skipped: the amount due is below its minimum", "Stap overgeslagen: het openstaande bedrag is lager dan het minimum"),
        [Reasons.PromisePaused] = ("Paused: the customer promised to pay", "Gepauzeerd: de klant heeft betaling toegezegd"),
        [Reasons.PromiseBroken] = ("The promised date passed unpaid: the ladder resumes", "De toegezegde datum is verstreken zonder betaling: de aanmaningen gaan verder"),
        [Reasons.PlanBroken] = ("An instalment of the payment plan was not paid within its grace period: the ladder resumes", "Een termijn van de betalingsregeling is niet binnen de coulancetermijn betaald: de aanmaningen gaan verder"),
        [Reasons.InstalmentDue] = ("An instalment of the payment plan falls due soon", "Een termijn van de betalingsregeling vervalt binnenkort"),
        [Reasons.HoldEnded] = ("The hold ended: the ladder resumes", "De pauze is voorbij: de aanmaningen gaan verder"),
        [Reasons.AppOpenedWhileOverdue] = ("The customer opened the app with an overdue invoice", "De klant opende de app met een achterstallige factuur"),
        [Reasons.ArrangementAgreed] = ("A payment arrangement was agreed", "Er is een betalingsregeling afgesproken"),
        [Reasons.Replanned] = ("Planned again under a new policy version", "Opnieuw gepland onder een nieuwe versie van de regels"),
        [Reasons.ContactRequested] = ("A team asked to contact the customer", "Een team vroeg om contact met de klant"),
        [Reasons.SenderClient] = ("Sent in the client's own name", "Verstuurd uit naam van de opdrachtgever"),
        [Reasons.SenderAgency] = ("Sent by the collection agency, with its name and WKI number", "Verstuurd door het incassobureau, met naam en WKI-nummer"),
        [Reasons.MissedWhileDown] = ("Late: missed steps are not sent in a burst", "Te laat: gemiste stappen worden niet tegelijk verstuurd"),
        [Reasons.FourteenDayLetter] = ("The 14-day letter: costs may be charged only after its term", "De veertiendagenbrief: kosten pas na de termijn"),
        [Reasons.FourteenDayTerm] = ("Waits until the 14-day term has run", "Wacht tot de veertiendagentermijn is verstreken"),
        [Reasons.Bundled] = ("One contact for several of the customer's cases", "Eén contact voor meerdere dossiers van de klant"),
        [PolicyPreview.NotInDraft] = ("The draft has no such step", "Het concept heeft deze stap niet"),
        [PolicyPreview.NotReached] = ("The draft's ladder did not get this far in the window", "De aanmaningen van het concept kwamen in deze periode niet zo ver"),
        [Reasons.Hold(HoldKind.COMPLAINT)] = ("On hold: an open complaint", "Gepauzeerd: een openstaande klacht"),
        [Reasons.Hold(HoldKind.DISPUTE)] = ("On hold: an open dispute", "Gepauzeerd: een openstaand geschil"),
        [Reasons.Flag(CustomerFlag.VULNERABLE)] = ("Vulnerable customer: a person decides", "Kwetsbare klant: een mens beslist"),
        [Reasons.Flag(CustomerFlag.INSOLVENCY)] = ("Insolvency: collection stops, a person decides", "Schuldsanering of faillissement: incasso stopt, een mens beslist"),
        [Reasons.Flag(CustomerFlag.DECEASED)] = ("Deceased: no contact, a person decides", "Overleden: geen contact, een mens beslist"),
        [RiskAssessment.AdvanceBelowExpected] = ("Advance payment set far below what is expected", "Voorschot veel lager dan verwacht"),
        [RiskAssessment.WithholdingAnnounced] = ("Announced withholding payment", "Heeft aangekondigd betaling in te houden"),
        [RiskAssessment.LatePayments] = ("Paid late repeatedly", "Betaalde herhaaldelijk te laat"),
        [RiskAssessment.BrokenPromises] = ("Broke a promise to pay", "Hield een betalingsbelofte niet na"),
        [RiskAssessment.OpenComplaints] = ("Several open complaints", "Meerdere openstaande klachten"),
        [RiskAssessment.FailedPayments] = ("Payments failed repeatedly", "Betalingen mislukten herhaaldelijk"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Parameterised ids: the prefix up to and including the colon, and the label with {0} for the parameter.
    private static readonly (string Prefix, string En, string Nl)[] Parameterised =
    [
        ("ladder.step:", "Dunning step '{0}'", "Aanmaningsstap '{0}'"),
        ("learning.pays-after:", "Pays after a contact by {0}: that step comes first", "Betaalt na contact per {0}: die stap komt eerst"),
        ("risk.rose:", "Risk rose to {0}", "Risico gestegen naar {0}"),
        ("risk.signal:", "Risk signal: {0}", "Risicosignaal: {0}"),
        ("budget.channel-cap:", "The limit of contacts by {0} is reached", "Het maximum aantal contacten per {0} is bereikt"),
        ("consent.missing:", "No consent for {0}", "Geen toestemming voor {0}"),
        ("consent.fallback-from:", "Another channel than {0}, for lack of consent", "Een ander kanaal dan {0}, bij gebrek aan toestemming"),
        ("costs.business:", "Business debtor: costs by the rule {0}", "Zakelijke debiteur: kosten volgens regel {0}"),
        ("bundle.case:", "Speaks for case {0} too", "Geldt ook voor dossier {0}"),
        ("experiment:", "Experiment {0}", "Experiment {0}"),
    ];

    /// <summary>Whether the catalogue knows the id (or its parameterised form).</summary>
    public static bool Knows(string code) => Fixed.ContainsKey(code) || Find(code) is not null;

    public static Explanation Explain(string code, ExplanationLanguage language = ExplanationLanguage.EN)
    {
        if (Fixed.TryGetValue(code, out var fixedLabel))
        {
            return new Explanation(code, language == ExplanationLanguage.NL ? fixedLabel.Nl : fixedLabel.En);
        }

        if (Find(code) is { } pattern)
        {
            var parameter = code[pattern.Prefix.Length..];
            if (pattern.Prefix == "risk.signal:" && Fixed.TryGetValue(parameter, out var signal))
            {
                parameter = language == ExplanationLanguage.NL ? signal.Nl : signal.En;
            }

            return new Explanation(code, string.Format(System.Globalization.CultureInfo.InvariantCulture, language == ExplanationLanguage.NL ? pattern.Nl : pattern.En, parameter.Replace(':', '/')));
        }

        return new Explanation(code, code);
    }

    public static IEnumerable<Explanation> Explain(IEnumerable<string> codes, ExplanationLanguage language = ExplanationLanguage.EN) =>
        codes.Select(code => Explain(code, language));

    private static (string Prefix, string En, string Nl)? Find(string code)
    {
        foreach (var pattern in Parameterised)
        {
            if (code.StartsWith(pattern.Prefix, StringComparison.Ordinal) && code.Length > pattern.Prefix.Length)
            {
                return pattern;
            }
        }

        return null;
    }
}

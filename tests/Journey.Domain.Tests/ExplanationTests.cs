using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class ReasonCatalogueTests
{
    [Theory]
    [InlineData("ladder.step:reminder-1", "EN", "Dunning step 'reminder-1'")]
    [InlineData("ladder.step:reminder-1", "NL", "Aanmaningsstap 'reminder-1'")]
    [InlineData("hold.complaint", "EN", "On hold: an open complaint")]
    [InlineData("hold.dispute", "NL", "Gepauzeerd: een openstaand geschil")]
    [InlineData("consent.missing:EMAIL", "EN", "No consent for EMAIL")]
    [InlineData("risk.signal:late-payments", "EN", "Risk signal: Paid late repeatedly")]
    [InlineData("experiment:thank-you:nothing", "EN", "Experiment thank-you/nothing")]
    [InlineData("bundle.case:order-78", "NL", "Geldt ook voor dossier order-78")]
    [InlineData("flag.vulnerable", "EN", "Vulnerable customer: a person decides")]
    [InlineData("quiet-hours.deferred", "NL", "Verschoven buiten de rusttijden (20:00–07:00, zondagen, feestdagen)")]
    [InlineData("something.new", "EN", "something.new")]
    public void Reasons_read_in_plain_words_with_their_parameter(string code, string language, string label)
    {
        var explained = ReasonCatalogue.Explain(code, Enum.Parse<ExplanationLanguage>(language));

        Assert.Equal((code, label), (explained.Code, explained.Label));
    }

    [Theory]
    [InlineData("webshop")]
    [InlineData("housing")]
    public void Every_reason_the_rules_give_over_a_year_of_customers_is_in_the_catalogue(string tenant)
    {
        var policy = PolicyParser.Parse(tenant, PolicyParserTests.RepoFile($"policies/{tenant}.yaml")).Policy! with { Version = 1 };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var customer = 0; customer < 10; customer++)
        {
            var journey = new JourneyDriver(policy, start);
            foreach (var touchpoint in BundlingComplianceTests.Year(new Random(customer), start))
            {
                journey.Push(touchpoint);
            }

            journey.AdvanceTo(start.AddYears(1));
            seen.UnionWith(journey.State.Actions.Concat(journey.State.Suppressed).SelectMany(a => a.Reasons));
            foreach (var team in Enum.GetValues<Team>())
            {
                seen.UnionWith(ContactRequests.Options(journey.State, policy, team, journey.Now).SelectMany(o => o.Decision.Reasons));
            }
        }

        Assert.True(seen.Count >= 10, $"only {seen.Count} distinct reasons seen");
        Assert.DoesNotContain(seen, code => !ReasonCatalogue.Knows(code));
    }
}

public class ContactOptionsTests
{
    private static readonly Policy Webshop = PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy! with { Version = 1 };

    [Fact]
    public void The_answer_for_each_channel_is_what_a_request_would_get_and_books_nothing()
    {
        var now = new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));
        var state = Empty.Apply(
            Invoice("A", 100m, new DateOnly(2026, 3, 2), Start),
            Make(TouchpointType.CONSENT_CHANGED, channel: Channel.SMS, at: Start, attributes: ("granted", "false")));

        var options = ContactRequests.Options(state, Webshop, Team.SERVICE, now);

        Assert.Equal(Enum.GetValues<Channel>(), options.Select(o => o.Channel));
        foreach (var (channel, decision) in options)
        {
            var (requested, _) = ContactRequests.Decide(state, Webshop, Team.SERVICE, channel, "a question", now);
            Assert.Equal((requested.Outcome, requested.DeferredUntil, requested.Sender, requested.SuggestedChannel), (decision.Outcome, decision.DeferredUntil, decision.Sender, decision.SuggestedChannel));
            Assert.Equal(requested.Reasons.AsEnumerable(), decision.Reasons.AsEnumerable());
            Assert.Null(decision.ActionId);
        }

        // Tuesday 10:00, nothing sent yet: e-mail allowed; SMS without consent denied, with a channel that may be used.
        Assert.Equal(ContactOutcome.ALLOWED, options.Single(o => o.Channel == Channel.EMAIL).Decision.Outcome);
        var sms = options.Single(o => o.Channel == Channel.SMS).Decision;
        Assert.Equal((ContactOutcome.DENIED, true), (sms.Outcome, sms.Reasons.Contains(Reasons.NoConsent(Channel.SMS))));
    }

    [Fact]
    public void On_hold_collection_is_denied_for_every_channel_and_the_client_speaks_for_service()
    {
        var now = new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));
        var state = Empty.Apply(
            Invoice("A", 100m, new DateOnly(2026, 3, 2), Start),
            Make(TouchpointType.COMPLAINT_OPENED, "A", at: Start.AddDays(2), attributes: ("reason", "broken on arrival")));

        Assert.All(ContactRequests.Options(state, Webshop, Team.COLLECTION, now), o => Assert.Equal(ContactOutcome.DENIED, o.Decision.Outcome));
        Assert.Equal((ContactOutcome.ALLOWED, Sender.CLIENT, "Webshop B.V."),
            ContactRequests.Options(state, Webshop, Team.SERVICE, now).Single(o => o.Channel == Channel.PHONE).Decision is var phone ? (phone.Outcome, phone.Sender, phone.SenderName) : default);
    }
}

public class CustomerSummaryTests
{
    private static readonly Policy Webshop = PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy! with { Version = 1 };

    [Fact]
    public void The_summary_names_flags_first_then_what_is_open_holds_and_promises()
    {
        var now = new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));
        var state = Empty.Apply(
            Invoice("A", 100m, new DateOnly(2026, 3, 2), Start),
            Invoice("B", 50.5m, new DateOnly(2026, 3, 20), Start),
            Make(TouchpointType.COMPLAINT_OPENED, "A", at: new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(1)), attributes: ("reason", "leak in the bathroom")),
            Make(TouchpointType.PROMISE_TO_PAY, "B", 50.5m, dueDate: new DateOnly(2026, 3, 25), at: Start.AddDays(3)),
            Make(TouchpointType.CUSTOMER_FLAGGED, at: Start, attributes: [("flag", "VULNERABLE"), ("value", "true")]));

        Assert.Equal(
            [
                "Kwetsbare klant: een mens beslist.",
                "2 open dossiers, samen € 150,50; 1 achterstallig (€ 100,00).",
                "Klacht sinds 4 maart 2026 (dossier A): \"leak in the bathroom\" — incasso staat stil.",
                "Heeft toegezegd € 50,50 te betalen op 25 maart 2026.",
            ],
            CustomerSummary.Of(state, Webshop, now, ExplanationLanguage.NL));
        Assert.Equal("2 open cases, € 150,50 together; 1 overdue (€ 100,00).", CustomerSummary.Of(state, Webshop, now)[1]);
    }
}

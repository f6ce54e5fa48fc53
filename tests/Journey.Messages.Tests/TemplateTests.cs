using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Messages.Tests;

public class ShippedTemplateTests
{
    public static TheoryData<string> Tenants => new() { "default", "webshop", "housing" };

    [Theory]
    [MemberData(nameof(Tenants))]
    public void Shipped_templates_are_valid(string tenant)
    {
        var (set, errors) = TemplateSet.Parse(Repository.File($"templates/{tenant}.yaml"));
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        Assert.NotNull(set);
    }

    /// <summary>Every step and trigger of the shipped policies, on its own channel and every fallback channel a letter or message can take, in both languages.</summary>
    [Theory]
    [MemberData(nameof(Tenants))]
    public void Every_kind_the_shipped_policies_send_has_a_message_in_Dutch_and_English(string tenant)
    {
        var policy = PolicyParser.Parse(tenant, Repository.File($"policies/{tenant}.yaml")).Policy!;
        var own = TemplateSet.Parse(Repository.File($"templates/{tenant}.yaml")).Set;
        var fallback = TemplateSet.Parse(Repository.File("templates/default.yaml")).Set;
        var sent = policy.Ladder.Select(s => (s.Kind, s.Channel, s.Template))
            .Concat(new[] { policy.Triggers.AppOpenedWhileOverdue, policy.Triggers.ArrangementAgreed }.OfType<TriggeredAction>().Select(t => (t.Kind, t.Channel, t.Template)))
            .ToList();
        var missing = new List<string>();
        foreach (var (kind, channel, template) in sent)
        {
            var channels = kind is ActionKind.IN_APP_REMINDER or ActionKind.CONFIRMATION ? [channel] : new[] { channel }.Concat(policy.ChannelFallback);
            // A call is an agent's, not a message; it needs a message only when the customer cannot be phoned.
            foreach (var used in channels.Where(c => c != Channel.PHONE).Distinct())
            {
                foreach (var language in new[] { "nl", "en" })
                {
                    var action = new OutboundAction { Kind = kind, Channel = used, Template = template };
                    if (TemplateLookup.Find(own, fallback, action, language) is not { } found || found.Language != language)
                    {
                        missing.Add($"{template} ({kind}) on {used} in {language}");
                    }
                }
            }
        }

        Assert.Empty(missing);
    }
}

public class RenderingTests
{
    private static readonly Policy Webshop = PolicyParser.Parse("webshop", Repository.File("policies/webshop.yaml")).Policy! with { Version = 1 };
    private static readonly TemplateSet Defaults = TemplateSet.Parse(Repository.File("templates/default.yaml")).Set!;
    private static readonly TemplateSet Shop = TemplateSet.Parse(Repository.File("templates/webshop.yaml")).Set!;
    private static readonly DateTimeOffset Now = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(1));

    private static CustomerState Customer(string language, params (string Id, decimal Amount, DateOnly Due)[] cases) =>
        CustomerJourney.Empty("webshop", "c-1") with
        {
            Contact = new ContactDetails { Name = "Anna de Vries", Email = "anna@example.org", AddressLines = ["Kerkstraat 12"], PostalCode = "3511 AB", City = "Utrecht", Country = "NL", Language = language },
            Cases = [.. cases.Select(c => new CaseState { CaseId = c.Id, Currency = "EUR", AmountInvoiced = c.Amount, DueDate = c.Due })],
        };

    [Theory]
    [InlineData(1234.56, "nl", "€ 1.234,56")]
    [InlineData(1234.56, "en", "€1,234.56")]
    [InlineData(0.5, "nl", "€ 0,50")]
    [InlineData(59.95, "en", "€59.95")]
    public void Money_is_written_for_the_language(decimal amount, string language, string expected) =>
        Assert.Equal(expected, MessageRenderer.Money(amount, "EUR", language));

    [Fact]
    public void A_bundled_reminder_in_Dutch_names_every_case_the_total_and_that_payment_may_have_crossed()
    {
        var state = Customer("nl", ("order-1", 1234.56m, new DateOnly(2026, 3, 2)), ("order-2", 24.50m, new DateOnly(2026, 3, 4)));
        var action = new OutboundAction
        {
            ActionId = "c-1/a3", Kind = ActionKind.REMINDER, Channel = Channel.EMAIL, Template = "webshop-reminder-1", Sender = Sender.CLIENT, SenderName = "Webshop B.V.",
            CaseId = "order-1", Cases = [new BundledCase("order-1", "reminder-1", 1234.56m, Now, Now), new BundledCase("order-2", "reminder-1", 24.50m, Now, Now)],
            Notices = [Notices.MayHaveCrossed], At = Now,
        };
        var template = TemplateLookup.Find(Shop, Defaults, action, "nl")!;
        var message = MessageRenderer.Render(template, MessageModel.Build(state, action, Webshop, "nl", new PaymentLinkModel("https://pay.example/p/x", new DateOnly(2026, 3, 30)), Now));

        Assert.Equal("Vergeten te betalen? 2 bestellingen", message.Subject);
        Assert.Contains("- order-1: € 1.234,56 (betalen vóór 2 maart 2026)", message.Text);
        Assert.Contains("- order-2: € 24,50 (betalen vóór 4 maart 2026)", message.Text);
        Assert.Contains("Totaal: € 1.259,06", message.Text);
        Assert.Contains("elkaar mogelijk gekruist", message.Text);
        Assert.Contains("https://pay.example/p/x", message.Text);
        Assert.StartsWith("Hoi Anna de Vries,", message.Text);
        Assert.NotNull(message.Html);
    }

    [Fact]
    public void The_same_reminder_in_English_without_a_crossed_payment()
    {
        var state = Customer("en", ("order-1", 1234.56m, new DateOnly(2026, 3, 2)));
        var action = new OutboundAction { ActionId = "c-1/a1", Kind = ActionKind.REMINDER, Channel = Channel.EMAIL, Template = "webshop-reminder-1", SenderName = "Webshop B.V.", CaseId = "order-1", At = Now };
        var message = MessageRenderer.Render(TemplateLookup.Find(Shop, Defaults, action, "en")!, MessageModel.Build(state, action, Webshop, "en", null, Now));

        Assert.Equal("Forgot to pay? Order order-1", message.Subject);
        Assert.Contains("- order-1: €1,234.56 (due 2 March 2026)", message.Text);
        Assert.DoesNotContain("crossed", message.Text);
        Assert.DoesNotContain("Pay in a few taps", message.Text);
    }

    [Fact]
    public void After_handover_the_agency_names_itself_and_its_WKI_number()
    {
        var state = Customer("nl", ("order-1", 100m, new DateOnly(2026, 1, 2)));
        var action = new OutboundAction
        {
            ActionId = "c-1/a5", Kind = ActionKind.HANDOVER_TO_COLLECTION, Channel = Channel.LETTER, Template = "agency-introduction", Sender = Sender.AGENCY,
            SenderName = "CBMK Incasso", WkiNumber = "WKI-2024-0117", CaseId = "order-1", At = Now,
        };
        var message = MessageRenderer.Render(TemplateLookup.Find(Shop, Defaults, action, "nl")!, MessageModel.Build(state, action, Webshop, "nl", null, Now));

        Assert.Equal("CBMK Incasso int uw achterstand bij Webshop B.V.", message.Subject);
        Assert.Contains("CBMK Incasso is een incassobureau met WKI-registratienummer WKI-2024-0117.", message.Text);
    }

    [Fact]
    public void The_14_day_letter_states_the_costs_the_receipt_and_the_last_day()
    {
        // BIK over € 1.000,00: 15 % = € 150,00. Posted Monday 16 March, received Wednesday 18 March, the term ends 1 April.
        var state = Customer("nl", ("order-9", 1000m, new DateOnly(2026, 2, 1)));
        var action = new OutboundAction
        {
            ActionId = "c-1/a4", Kind = ActionKind.FINAL_NOTICE, Channel = Channel.LETTER, Template = "webshop-final-notice", SenderName = "Webshop B.V.", CaseId = "order-9", At = Now,
            CollectionCosts = 150m, ReceivedOn = new DateOnly(2026, 3, 18), Deadline = new DateOnly(2026, 4, 1),
        };
        var message = MessageRenderer.Render(TemplateLookup.Find(Shop, Defaults, action, "nl")!, MessageModel.Build(state, action, Webshop, "nl", null, Now));

        Assert.Equal("Laatste herinnering: betaal uiterlijk 1 april 2026", message.Subject);
        Assert.Contains("op 18 maart 2026 ontvangt", message.Text);
        Assert.Contains("incassokosten in rekening van € 150,00. Het totaal wordt dan € 1.150,00.", message.Text);
    }
}

public class TemplateValidationTests
{
    private static TemplateError Single(string document)
    {
        var (set, errors) = TemplateSet.Parse(document);
        Assert.Null(set);
        return Assert.Single(errors);
    }

    [Fact]
    public void An_unknown_variable_is_refused_with_its_line()
    {
        var error = Single("""
            templates:
              - name: r
                channel: SMS
                language: nl
                text: |
                  Beste {{ customer.name }},
                  u bent {{ customer.nmae }} verschuldigd.
            """);
        Assert.Equal((7, "templates[0].text"), (error.Line, error.Path));
        Assert.Contains("customer.nmae", error.Message);
    }

    [Fact]
    public void An_unknown_root_variable_in_a_branch_never_taken_is_refused_too()
    {
        var error = Single("""
            templates:
              - name: r
                channel: SMS
                language: en
                text: "{% if false %}{{ balance }}{% endif %}ok"
            """);
        Assert.Equal(5, error.Line);
        Assert.Contains("unknown variable 'balance'", error.Message);
    }

    [Fact]
    public void An_unknown_filter_is_refused_with_its_line()
    {
        var error = Single("""
            defaultLanguage: en
            templates:
              - name: r
                channel: EMAIL
                language: en
                subject: "Hello"
                text: |
                  Total:
                  {{ total | euros }}
            """);
        Assert.Equal((9, "templates[0].text"), (error.Line, error.Path));
        Assert.Contains("unknown filter 'euros'", error.Message);
    }

    [Fact]
    public void Liquid_syntax_errors_name_their_line()
    {
        var error = Single("""
            templates:
              - name: r
                channel: LETTER
                language: nl
                subject: Brief
                text: |
                  regel een
                  {% if total > 0 %}
                  regel drie
            """);
        Assert.Equal("templates[0].text", error.Path);
        Assert.Contains("Liquid", error.Message);
    }

    [Fact]
    public void Loop_variables_have_the_shape_of_the_list_they_loop_over()
    {
        var (set, errors) = TemplateSet.Parse("""
            templates:
              - name: r
                channel: SMS
                language: nl
                text: "{% for item in cases %}{{ item.invoice }} {{ item.amount_due | money }} {{ forloop.index }}{% endfor %}"
            """);
        Assert.True(errors.IsEmpty, string.Join("; ", errors));
        Assert.NotNull(set);

        var error = Single("""
            templates:
              - name: r
                channel: SMS
                language: nl
                text: "{% for item in cases %}{{ item.amount }}{% endfor %}"
            """);
        Assert.Contains("item.amount", error.Message);
    }

    [Theory]
    [InlineData("templates:\n  - name: r\n    channel: PHONE\n    language: nl\n    text: x", 3, "templates[0].channel")]
    [InlineData("templates:\n  - name: r\n    channel: SMS\n    language: de\n    text: x", 4, "templates[0].language")]
    [InlineData("templates:\n  - name: r\n    channel: EMAIL\n    language: nl\n    text: x", 2, "templates[0].subject")]
    [InlineData("templates:\n  - name: r\n    channel: SMS\n    language: nl\n    text: x\n    colour: red", 6, "templates[0].colour")]
    [InlineData("defaultLanguage: nl\ntemplates:\n  - name: r\n  text: x\n", 4, "")]
    public void Structural_errors_name_their_line_and_path(string document, int line, string path)
    {
        var error = Single(document);
        Assert.Equal((line, path), (error.Line, error.Path));
    }

    [Fact]
    public void The_same_template_twice_is_refused()
    {
        var error = Single("templates:\n  - { name: r, channel: SMS, language: nl, text: a }\n  - { name: r, channel: SMS, language: nl, text: b }");
        Assert.Equal((3, "templates[1]"), (error.Line, error.Path));
    }
}

public class PaymentLinkTests
{
    private static readonly PaymentLinkClaims Claims = new("webshop", "c-1", ["order-1", "order-2"], 84.45m, "EUR", new DateOnly(2026, 3, 30), "c-1/a3");

    [Fact]
    public void A_link_reads_back_with_the_secret_that_signed_it()
    {
        var token = PaymentLinks.Token(Claims, "s3cret");
        var (claims, problem) = PaymentLinks.Read(token, "s3cret");
        Assert.Null(problem);
        Assert.Equal(Claims with { CaseIds = [] }, claims! with { CaseIds = [] });
        Assert.Equal<string>(["order-1", "order-2"], [.. claims.CaseIds]);
    }

    [Fact]
    public void A_changed_amount_or_another_secret_is_refused()
    {
        var token = PaymentLinks.Token(Claims, "s3cret");
        var forged = PaymentLinks.Token(Claims with { Amount = 0.01m }, "guess");
        var spliced = forged.Split('.')[0] + "." + token.Split('.')[1];
        Assert.NotNull(PaymentLinks.Read(spliced, "s3cret").Problem);
        Assert.NotNull(PaymentLinks.Read(token, "other").Problem);
        Assert.NotNull(PaymentLinks.Read("not-a-token", "s3cret").Problem);
    }

    [Fact]
    public void A_callback_signature_covers_the_timestamp_and_the_body()
    {
        var signature = PaymentLinks.SignCallback("s3cret", "1773648000", "{\"paymentId\":\"p-1\"}");
        Assert.True(PaymentLinks.VerifyCallback("s3cret", "1773648000", "{\"paymentId\":\"p-1\"}", signature));
        Assert.False(PaymentLinks.VerifyCallback("s3cret", "1773648001", "{\"paymentId\":\"p-1\"}", signature));
        Assert.False(PaymentLinks.VerifyCallback("s3cret", "1773648000", "{\"paymentId\":\"p-2\"}", signature));
        Assert.False(PaymentLinks.VerifyCallback("s3cret", "1773648000", "{\"paymentId\":\"p-1\"}", null));
    }
}

internal static class Repository
{
    public static string File(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "Journey.sln")))
        {
            directory = directory.Parent;
        }

        return System.IO.File.ReadAllText(Path.Combine(directory!.FullName, relative));
    }
}

using System.Text.Json.Nodes;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Tenant statistics (payment rate and time to pay per action, channel and step), feedback and the decision log, through the public API.</summary>
[Collection(SimulatedHostCollection.Name)]
public class StatisticsTests(SimulatedHostFixture host)
{
    private const string Feedback = """

        feedback:
          nonPaymentReasons:
            - code: NO_INCOME
              label: Lost income
            - code: DISPUTES_AMOUNT
              label: Disputes the amount
        """;

    [Fact]
    public async Task Statistics_match_a_hand_count_of_contacts_payments_reasons_and_linked_nps()
    {
        var tenant = Sample.NewId("shop");
        var (early, later, never) = (Sample.NewId("c"), Sample.NewId("c"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop() + Feedback);
        var start = await host.NowAsync();
        foreach (var customer in new[] { early, later, never })
        {
            await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", start, $"{customer}-order", 100m, Date(start)));
        }

        // reminder-1 goes to all three; the first pays three days later.
        await host.AdvanceAsync(start.AddDays(5));
        var paidEarly = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, early, "PAYMENT_RECEIVED", paidEarly, $"{early}-order", 100m));

        // reminder-2 goes to the other two; one pays two days later, the other explains on the phone why not, then answers a survey.
        await host.AdvanceAsync(start.AddDays(15));
        var paidLater = (await host.NowAsync()).AddHours(-1);
        await host.RecordAsync(Touchpoint(tenant, later, "PAYMENT_RECEIVED", paidLater, $"{later}-order", 100m));

        var unknown = await host.GraphQLAsync(
            "mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { eventId } }",
            new { input = Touchpoint(tenant, never, "CALL_COMPLETED", paidLater, channel: "PHONE", team: "COLLECTION", attributes: [("outcome", "NO_PAYMENT"), ("nonPaymentReason", "BAD_LUCK")]) });
        var error = Assert.Single(unknown["errors"]!.AsArray())!;
        Assert.Contains("nonPaymentReason", error.ToJsonString());
        Assert.Contains("NO_INCOME", error["message"]!.GetValue<string>());

        await host.RecordAsync(Touchpoint(tenant, never, "CALL_COMPLETED", paidLater, channel: "PHONE", team: "COLLECTION", attributes: [("outcome", "NO_PAYMENT"), ("nonPaymentReason", "NO_INCOME")]));
        await host.RecordAsync(Touchpoint(tenant, early, "NPS_RESPONSE", paidLater, channel: "EMAIL", attributes: ("score", "9")));
        await host.RecordAsync(Touchpoint(tenant, later, "NPS_RESPONSE", paidLater, channel: "EMAIL", attributes: ("score", "4")));

        // Hand count from what each customer shows.
        var customers = new Dictionary<string, JsonNode>();
        foreach (var customer in new[] { early, later, never })
        {
            customers[customer] = (await FeedbackAndDecisionsAsync(tenant, customer))!;
        }

        // A contact is what reached the contact log; a payment later cancels the reminder it followed, but the contact was made.
        IEnumerable<DateTimeOffset> Contacts(string customer, string step) =>
            customers[customer]["contacts"]!.AsArray()
                .Where(c => c!["actionId"] is { } id && customers[customer]["actions"]!.AsArray().Any(a => a!["actionId"]!.GetValue<string>() == id.GetValue<string>() && a["stepId"]?.GetValue<string>() == step))
                .Select(c => Time(c!["at"]!));
        DateTimeOffset SentAt(string customer, string step) => Contacts(customer, step).Single();
        Assert.Equal((3, 2), (new[] { early, later, never }.Sum(c => Contacts(c, "reminder-1").Count()), new[] { later, never }.Sum(c => Contacts(c, "reminder-2").Count())));
        var daysAfterReminder1 = (paidEarly - SentAt(early, "reminder-1")).TotalDays;
        var daysAfterReminder2 = (paidLater - SentAt(later, "reminder-2")).TotalDays;

        var statistics = (await host.GraphQLDataAsync(
            """
            query ($tenant: String!) {
              statistics(tenant: $tenant) {
                contacts { kind channel step contacts paid paymentRate meanDaysToPay }
                byChannel { channel contacts paid }
                byStep { step contacts paid paymentRate meanDaysToPay }
                nps { responses meanScore promoters detractors score }
                npsByStep { key responses meanScore score }
                npsByTeam { key responses }
                nonPaymentReasons { code label count }
                callOutcomes { code count }
              }
            }
            """, new { tenant }))["statistics"]!;

        JsonNode Step(string id) => statistics["byStep"]!.AsArray().Single(s => s!["step"]?.GetValue<string>() == id)!;
        Assert.Equal((3, 1), (Step("reminder-1")["contacts"]!.GetValue<int>(), Step("reminder-1")["paid"]!.GetValue<int>()));
        Assert.Equal(daysAfterReminder1, Step("reminder-1")["meanDaysToPay"]!.GetValue<double>(), 6);
        Assert.Equal(1.0 / 3, Step("reminder-1")["paymentRate"]!.GetValue<double>(), 6);
        Assert.Equal((2, 1), (Step("reminder-2")["contacts"]!.GetValue<int>(), Step("reminder-2")["paid"]!.GetValue<int>()));
        Assert.Equal(daysAfterReminder2, Step("reminder-2")["meanDaysToPay"]!.GetValue<double>(), 6);
        var email = statistics["byChannel"]!.AsArray().Single(s => s!["channel"]!.GetValue<string>() == "EMAIL")!;
        Assert.Equal((5, 2), (email["contacts"]!.GetValue<int>(), email["paid"]!.GetValue<int>()));

        var reason = Assert.Single(statistics["nonPaymentReasons"]!.AsArray())!;
        Assert.Equal(("NO_INCOME", "Lost income", 1), (reason["code"]!.GetValue<string>(), reason["label"]!.GetValue<string>(), reason["count"]!.GetValue<int>()));
        Assert.Equal(1, Assert.Single(statistics["callOutcomes"]!.AsArray())!["count"]!.GetValue<int>());

        // One promoter (9) and one detractor (4): NPS 0; each answer follows that customer's last e-mail reminder, sent by the client's collection process.
        var nps = statistics["nps"]!;
        Assert.Equal((2, 6.5, 1, 1, 0.0), (nps["responses"]!.GetValue<int>(), nps["meanScore"]!.GetValue<double>(), nps["promoters"]!.GetValue<int>(), nps["detractors"]!.GetValue<int>(), nps["score"]!.GetValue<double>()));
        var byStep = statistics["npsByStep"]!.AsArray().ToDictionary(s => s!["key"]!.GetValue<string>(), s => s!["meanScore"]!.GetValue<double>());
        Assert.Equal(new Dictionary<string, double> { ["reminder-1"] = 9, ["reminder-2"] = 4 }, byStep);
        Assert.Equal(2, statistics["npsByTeam"]!.AsArray().Single(t => t!["key"]!.GetValue<string>() == "COLLECTION")!["responses"]!.GetValue<int>());

        var answer = customers[early]["feedback"]!.AsArray().Single(f => f!["type"]!.GetValue<string>() == "NPS_RESPONSE")!;
        Assert.Equal(("reminder-1", "COLLECTION", "EMAIL"), (answer["contactStep"]!.GetValue<string>(), answer["contactTeam"]!.GetValue<string>(), answer["contactChannel"]!.GetValue<string>()));
        var call = customers[never]["feedback"]!.AsArray().Single()!;
        Assert.Equal(("NO_PAYMENT", "NO_INCOME"), (call["outcome"]!.GetValue<string>(), call["nonPaymentReason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_decision_log_says_who_decided_and_why_and_keeps_decisions_for_the_policy_s_retention_only()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop() + "\nprivacy:\n  decisionLogRetention: P30D\n");
        var start = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", start, "order-1", 100m, Date(start)));
        // A weekday morning, two days after the first reminder: the budget and quiet hours let sales call.
        await host.AdvanceAsync(NextWeekday(start.AddDays(4), 10));
        var booking = await host.GraphQLDataAsync(
            "mutation ($tenant: String!, $id: String!) { requestContact(tenant: $tenant, customerId: $id, team: SALES, channel: PHONE, purpose: \"upsell\") { outcome reasons } }",
            new { tenant, id = customer });
        Assert.Equal("ALLOWED", booking["requestContact"]!["outcome"]!.GetValue<string>());

        var early = (await FeedbackAndDecisionsAsync(tenant, customer))!["decisions"]!.AsArray();
        var reminder = early.Single(d => d!["stepId"]?.GetValue<string>() == "reminder-1")!;
        Assert.Equal("rules", reminder["decidedBy"]!.GetValue<string>());
        Assert.Contains("ladder.step:reminder-1", reminder["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.True(reminder["policyVersion"]!.GetValue<int>() >= 1);
        var booked = early.Where(d => d!["decidedBy"]!.GetValue<string>() != "rules").ToList();
        Assert.Contains(booked, d => d!["decidedBy"]!.GetValue<string>() == "team:SALES");
        var reminderAt = Time(reminder["at"]!);

        // Six weeks on the first reminder is past the 30-day retention: the next run of the rules drops it.
        await host.AdvanceAsync(reminderAt.AddDays(45));
        await host.RecordAsync(Touchpoint(tenant, customer, "APP_OPENED", await host.NowAsync(), channel: "APP"));
        var later = (await FeedbackAndDecisionsAsync(tenant, customer))!["decisions"]!.AsArray();
        Assert.DoesNotContain(later, d => d!["actionId"]!.GetValue<string>() == reminder["actionId"]!.GetValue<string>());
        Assert.All(later, d => Assert.True(Time(d!["at"]!) >= reminderAt.AddDays(15) || d["status"]!.GetValue<string>() == "PLANNED"));
        Assert.NotEmpty(later);
    }

    [Fact]
    public async Task The_decision_log_keeps_every_decision_within_retention_past_the_in_state_history_and_exports_it()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var start = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", start, "order-1", 100m, Date(start)));
        await host.AdvanceAsync(start.AddDays(3));

        // Every app open while overdue is an in-app reminder: 260 decisions, more than the state keeps.
        var now = await host.NowAsync();
        for (var i = 0; i < 260; i++)
        {
            await host.RecordAsync(Touchpoint(tenant, customer, "APP_OPENED", now.AddSeconds(i), channel: "APP"));
        }

        var inState = (await host.CustomerAsync(tenant, customer))!["actions"]!.AsArray().Count;
        Assert.Equal(200, inState);
        var log = (await FeedbackAndDecisionsAsync(tenant, customer))!["decisions"]!.AsArray();
        var inApp = log.Where(d => d!["kind"]!.GetValue<string>() == "IN_APP_REMINDER").ToList();
        Assert.Equal(260, inApp.Count);
        Assert.Equal(log.Count, log.Select(d => d!["actionId"]!.GetValue<string>()).Distinct().Count());
        Assert.True(Time(log[0]!["at"]!) >= Time(log[^1]!["at"]!));

        var exported = JsonNode.Parse((await host.GraphQLDataAsync("query ($t: String!, $id: String!) { exportCustomer(tenant: $t, id: $id) }", new { t = tenant, id = customer }))["exportCustomer"]!.GetValue<string>())!;
        Assert.Equal(log.Count, exported["decisionLog"]!.AsArray().Count);

        var receipt = (await host.GraphQLDataAsync("mutation ($t: String!, $id: String!) { eraseCustomer(tenant: $t, id: $id) { erased actions } }", new { t = tenant, id = customer }))["eraseCustomer"]!;
        Assert.True(receipt["actions"]!.GetValue<int>() >= log.Count);
        Assert.Null(await host.CustomerAsync(tenant, customer));
    }

    [Fact]
    public async Task Statistics_stay_exact_under_concurrent_touchpoints_and_match_a_recount_of_every_customer()
    {
        var tenant = Sample.NewId("shop");
        await host.SetPolicyAsync(tenant, Policies.Webshop() + Feedback);
        var customers = Enumerable.Range(0, 150).Select(i => $"c{i:D3}").ToArray();
        var start = await host.NowAsync();
        await Task.WhenAll(customers.Select(c => host.RecordAsync(Touchpoint(tenant, c, "INVOICE_ISSUED", start, $"{c}-inv", 40m, Date(start)))));
        await host.AdvanceAsync(start.AddDays(6));

        // Payments, calls with reasons and survey answers for many customers at once.
        var random = new Random(11);
        var now = await host.NowAsync();
        var inputs = customers.SelectMany(c => random.Next(4) switch
        {
            0 => [Touchpoint(tenant, c, "PAYMENT_RECEIVED", now, $"{c}-inv", 40m)],
            1 => [Touchpoint(tenant, c, "CALL_COMPLETED", now, channel: "PHONE", team: "COLLECTION", attributes: [("outcome", "NO_PAYMENT"), ("nonPaymentReason", random.Next(2) == 0 ? "NO_INCOME" : "DISPUTES_AMOUNT")])],
            2 => [Touchpoint(tenant, c, "NPS_RESPONSE", now, channel: "EMAIL", attributes: ("score", random.Next(11).ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            _ => Array.Empty<JsonObject>(),
        }).OrderBy(_ => random.Next()).ToList();
        await Task.WhenAll(inputs.Select(host.RecordAsync));
        await host.AdvanceAsync(start.AddDays(20));

        var (contacts, paid, scores, reasons) = (0, 0, new List<int>(), new Dictionary<string, int>());
        foreach (var customer in customers)
        {
            var state = (await FeedbackAndDecisionsAsync(tenant, customer))!;
            var ladderActions = state["actions"]!.AsArray().Where(a => a!["stepId"] is not null).Select(a => a!["actionId"]!.GetValue<string>()).ToHashSet();
            var contacted = state["contacts"]!.AsArray().Where(c => c!["actionId"] is { } id && ladderActions.Contains(id.GetValue<string>())).ToList();
            contacts += contacted.Count;
            paid += inputs.Any(i => i["customerId"]!.GetValue<string>() == customer && i["type"]!.GetValue<string>() == "PAYMENT_RECEIVED") && contacted.Count > 0 ? 1 : 0;
            foreach (var feedback in state["feedback"]!.AsArray())
            {
                if (feedback!["score"] is { } score)
                {
                    scores.Add(score.GetValue<int>());
                }

                if (feedback["nonPaymentReason"] is { } reason)
                {
                    reasons[reason.GetValue<string>()] = reasons.GetValueOrDefault(reason.GetValue<string>()) + 1;
                }
            }
        }

        var statistics = (await host.GraphQLDataAsync(
            "query ($tenant: String!) { statistics(tenant: $tenant) { byKind { kind contacts paid } nps { responses meanScore } nonPaymentReasons { code count } } }",
            new { tenant }))["statistics"]!;
        var reminders = statistics["byKind"]!.AsArray().Where(k => k!["kind"]!.GetValue<string>() is "REMINDER" or "FINAL_NOTICE" or "CALL_TASK" or "HANDOVER_TO_COLLECTION").ToList();
        Assert.Equal(contacts, reminders.Sum(k => k!["contacts"]!.GetValue<int>()));
        Assert.Equal(paid, reminders.Sum(k => k!["paid"]!.GetValue<int>()));
        Assert.Equal(scores.Count, statistics["nps"]!["responses"]!.GetValue<int>());
        Assert.Equal(scores.Average(), statistics["nps"]!["meanScore"]!.GetValue<double>(), 9);
        Assert.Equal(reasons.OrderBy(r => r.Key), statistics["nonPaymentReasons"]!.AsArray().Select(r => new KeyValuePair<string, int>(r!["code"]!.GetValue<string>(), r["count"]!.GetValue<int>())).OrderBy(r => r.Key));
        Assert.True(contacts >= customers.Length, $"only {contacts} contacts");
    }

    private async Task<JsonNode?> FeedbackAndDecisionsAsync(string tenant, string id) =>
        (await host.GraphQLDataAsync(
            """
            query ($tenant: String!, $id: String!) {
              customer(tenant: $tenant, id: $id) {
                feedback { eventId type score outcome nonPaymentReason contactActionId contactTeam contactChannel contactStep }
                contacts { actionId at }
                actions { actionId stepId }
                decisions(first: 500) { actionId stepId kind channel status at decidedBy reasons policyVersion }
              }
            }
            """, new { tenant, id }))["customer"];
}

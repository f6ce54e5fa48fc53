using System.Text.Json.Nodes;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;

namespace Journey.Tests.Scenarios;

/// <summary>The seed stories, through the public API on the simulated clock, with policies the tests set.</summary>
[Collection(SimulatedHostCollection.Name)]
public class RuleScenarioTests(SimulatedHostFixture host)
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    [Fact]
    public async Task A_leak_complaint_with_rent_withheld_holds_the_reminders_and_the_ladder_resumes_after_resolution()
    {
        var (tenant, customer) = (Sample.NewId("housing"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, """
            client: { name: Woonstichting De Linde }
            ladder:
              - { id: reminder, after: P3D, kind: REMINDER, channel: LETTER }
              - { id: call, after: P7D, kind: CALL_TASK, channel: PHONE }
            """);
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "rent-03", 850m, Date(now)));
        await host.RecordAsync(Touchpoint(tenant, customer, "COMPLAINT_OPENED", now.AddHours(1), channel: "PHONE", team: "SERVICE", eventId: $"{customer}-leak",
            attributes: ("reason", "leak in the bathroom; rent withheld until it is fixed")));

        await host.AdvanceAsync(now.AddDays(30));
        var held = (await host.CustomerAsync(tenant, customer))!;
        Assert.Empty(Dispatched(held));
        var @case = held["cases"]![0]!;
        Assert.True(@case["onHold"]!.GetValue<bool>());
        Assert.Equal("leak in the bathroom; rent withheld until it is fixed", @case["holdReason"]!.GetValue<string>());
        Assert.Null(@case["nextStep"]);
        Assert.Contains(held["suppressed"]!.AsArray(), s => Reasons(s!).Contains("hold.complaint"));

        var resolvedAt = now.AddDays(30);
        await host.RecordAsync(Touchpoint(tenant, customer, "COMPLAINT_RESOLVED", resolvedAt, team: "SERVICE", attributes: ("reference", $"{customer}-leak")));
        var resumed = (await host.CustomerAsync(tenant, customer))!["cases"]![0]!;
        Assert.False(resumed["onHold"]!.GetValue<bool>());
        Assert.Equal(resolvedAt.AddDays(3), Time(resumed["nextStep"]!["plannedAt"]!));

        await host.AdvanceAsync(resolvedAt.AddDays(5));
        var reminded = (await host.CustomerAsync(tenant, customer))!;
        var reminder = Assert.Single(Dispatched(reminded));
        Assert.Equal(("REMINDER", "LETTER"), (reminder["kind"]!.GetValue<string>(), reminder["channel"]!.GetValue<string>()));
        Assert.True(Time(reminder["at"]!) >= resolvedAt.AddDays(3));
    }

    [Fact]
    public async Task The_webshop_ladder_sends_two_emails_a_letter_a_call_then_hands_over_and_the_agency_names_itself()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));

        await host.AdvanceAsync(now.AddDays(70));

        var actions = Dispatched((await host.CustomerAsync(tenant, customer))!);
        Assert.Equal(
            [("REMINDER", "EMAIL", "CLIENT"), ("REMINDER", "EMAIL", "CLIENT"), ("FINAL_NOTICE", "LETTER", "CLIENT"), ("CALL_TASK", "PHONE", "CLIENT"),
             ("HANDOVER_TO_COLLECTION", "LETTER", "AGENCY"), ("REMINDER", "EMAIL", "AGENCY")],
            actions.Select(a => (a["kind"]!.GetValue<string>(), a["channel"]!.GetValue<string>(), a["sender"]!.GetValue<string>())));
        Assert.All(actions.Take(4), a => Assert.Equal(("Webshop B.V.", null), (a["senderName"]!.GetValue<string>(), a["wkiNumber"]?.GetValue<string>())));
        Assert.All(actions.Skip(4), a => Assert.Equal(("CBMK Incasso", "WKI-2024-0117"), (a["senderName"]!.GetValue<string>(), a["wkiNumber"]!.GetValue<string>())));
        Assert.All(actions, a => Assert.Contains($"ladder.step:{a["stepId"]!.GetValue<string>()}", Reasons(a)));
        Assert.All(actions, a => Assert.Equal(1, a["policyVersion"]!.GetValue<int>()));
        Assert.All(actions, a => Assert.True(ContactCalendar.IsAllowed(Time(a["at"]!), new QuietHours(), Amsterdam), $"{a["stepId"]} at {a["at"]}"));
        var @case = (await host.CustomerAsync(tenant, customer))!["cases"]![0]!;
        Assert.Equal("HANDED_OVER", @case["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_payment_an_hour_before_reminder_two_cancels_it_and_nothing_more_is_sent()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await host.AdvanceAsync(now.AddDays(4));
        var afterFirst = (await host.CustomerAsync(tenant, customer))!;
        var reminder1 = Assert.Single(Dispatched(afterFirst));
        await host.RecordAsync(Touchpoint(tenant, customer, "MESSAGE_SENT", Time(reminder1["at"]!).AddMinutes(2), "order-1", channel: "EMAIL", team: "BILLING",
            actionId: reminder1["actionId"]!.GetValue<string>()));
        var reminder2 = afterFirst["cases"]![0]!["nextStep"]!;
        Assert.Equal("reminder-2", reminder2["stepId"]!.GetValue<string>());
        var due = Time(reminder2["at"]!);

        await host.AdvanceAsync(due.AddHours(-1));
        await host.RecordAsync(Touchpoint(tenant, customer, "PAYMENT_RECEIVED", due.AddHours(-1), "order-1", 100m));
        await host.AdvanceAsync(due.AddDays(60));

        var state = (await host.CustomerAsync(tenant, customer))!;
        Assert.Equal([("reminder-1", "SENT")], Dispatched(state).Select(a => (a["stepId"]!.GetValue<string>(), a["status"]!.GetValue<string>())));
        var cancelled = state["actions"]!.AsArray().Single(a => a!["actionId"]!.GetValue<string>() == reminder2["actionId"]!.GetValue<string>())!;
        Assert.Equal("CANCELLED", cancelled["status"]!.GetValue<string>());
        Assert.Contains("payment.cancels-pending", Reasons(cancelled));
        Assert.Equal("PAID", state["cases"]![0]!["stage"]!.GetValue<string>());
        Assert.Null(state["cases"]![0]!["nextStep"]);
    }

    [Fact]
    public async Task A_service_team_call_today_defers_a_collection_call_today()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        var morning = NextWeekday(now, 10);
        await host.AdvanceAsync(morning);
        await host.RecordAsync(Touchpoint(tenant, customer, "CALL_COMPLETED", morning, channel: "PHONE", team: "SERVICE", attributes: ("outcome", "question answered")));
        await host.AdvanceAsync(morning.AddHours(4));

        var decision = (await host.GraphQLDataAsync(
            """
            mutation ($tenant: String!, $id: String!) {
              requestContact(tenant: $tenant, customerId: $id, team: COLLECTION, channel: PHONE, purpose: "arrears") { outcome deferredUntil sender reasons actionId policyVersion }
            }
            """, new { tenant, id = customer }))["requestContact"]!;

        Assert.Equal("DEFERRED", decision["outcome"]!.GetValue<string>());
        Assert.True(Time(decision["deferredUntil"]!) >= morning.AddDays(1));
        Assert.Contains("budget.channel-cap:PHONE", Reasons(decision));
        Assert.Null(decision["actionId"]);

        var email = (await host.GraphQLDataAsync(
            """
            mutation ($tenant: String!, $id: String!) {
              requestContact(tenant: $tenant, customerId: $id, team: SALES, channel: EMAIL, purpose: "offer") { outcome actionId sender senderName }
            }
            """, new { tenant, id = customer }))["requestContact"]!;
        Assert.Equal(("ALLOWED", "CLIENT", "Webshop B.V."), (email["outcome"]!.GetValue<string>(), email["sender"]!.GetValue<string>(), email["senderName"]!.GetValue<string>()));
        Assert.NotNull(email["actionId"]);
    }

    [Fact]
    public async Task A_step_due_on_Saturday_at_21_30_waits_for_Monday_07_00_or_Tuesday_when_Monday_is_a_holiday()
    {
        var now = await host.NowAsync();
        var plainSaturday = NextSaturday(now, mondayIsHoliday: false);
        var holidaySaturday = NextSaturday(now, mondayIsHoliday: true);

        foreach (var saturday in new[] { plainSaturday, holidaySaturday }.Order())
        {
            var (tenant, customer) = (Sample.NewId("wki"), Sample.NewId("c"));
            await host.SetPolicyAsync(tenant, """
                ladder:
                  - { id: reminder, after: PT21H30M, from: OVERDUE, kind: REMINDER, channel: EMAIL }
                """);
            var friday = saturday.PlusDays(-1);
            var clock = await host.NowAsync();
            await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", clock, "inv", 50m, friday.ToString("yyyy-MM-dd", null)));
            await host.AdvanceAsync(saturday.At(new LocalTime(12, 0)).InZoneLeniently(Amsterdam).ToDateTimeOffset());

            var next = (await host.CustomerAsync(tenant, customer))!["cases"]![0]!["nextStep"]!;
            var expectedDay = DutchHolidays.IsHoliday(saturday.PlusDays(2)) ? saturday.PlusDays(3) : saturday.PlusDays(2);
            Assert.Equal(saturday.At(new LocalTime(21, 30)).InZoneLeniently(Amsterdam).ToDateTimeOffset(), Time(next["plannedAt"]!));
            Assert.Equal(expectedDay.At(new LocalTime(7, 0)).InZoneLeniently(Amsterdam).ToDateTimeOffset(), Time(next["at"]!));
            Assert.Contains("quiet-hours.deferred", Reasons(next));

            await host.AdvanceAsync(expectedDay.At(new LocalTime(8, 0)).InZoneLeniently(Amsterdam).ToDateTimeOffset());
            var sent = Assert.Single(Dispatched((await host.CustomerAsync(tenant, customer))!));
            Assert.Equal(expectedDay.At(new LocalTime(7, 0)).InZoneLeniently(Amsterdam).ToDateTimeOffset(), Time(sent["at"]!));
        }
    }

    [Fact]
    public async Task Opening_the_app_with_an_overdue_invoice_shows_an_in_app_reminder()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 40m, Date(now)));
        var opened = now.AddDays(2).AddHours(3);
        await host.AdvanceAsync(opened);

        await host.RecordAsync(Touchpoint(tenant, customer, "APP_OPENED", opened, channel: "APP"));

        var inApp = Dispatched((await host.CustomerAsync(tenant, customer))!).Single(a => a["kind"]!.GetValue<string>() == "IN_APP_REMINDER");
        Assert.Equal(("APP", opened), (inApp["channel"]!.GetValue<string>(), Time(inApp["at"]!)));
        Assert.Contains("trigger.app-opened-while-overdue", Reasons(inApp));
    }

    [Fact]
    public async Task An_arrangement_is_confirmed_by_SMS_at_once_and_its_instalment_unpaid_after_the_grace_resumes_the_ladder()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));

        // Five days reach the first reminder whatever weekday and holidays the shared clock is at.
        await host.AdvanceAsync(now.AddDays(5));
        Assert.Contains(Dispatched((await host.CustomerAsync(tenant, customer))!), a => a["stepId"]?.GetValue<string>() == "reminder-1");
        var agreedAt = (await host.NowAsync()).AddMinutes(5);
        await host.AdvanceAsync(agreedAt);
        var promisedFor = agreedAt.AddDays(10);

        await host.RecordAsync(Touchpoint(tenant, customer, "PAYMENT_ARRANGEMENT_AGREED", agreedAt, "order-1", 100m, Date(promisedFor), channel: "PHONE", team: "COLLECTION"));

        var state = (await host.CustomerAsync(tenant, customer))!;
        var confirmation = Dispatched(state).Single(a => a["kind"]!.GetValue<string>() == "CONFIRMATION");
        Assert.Equal(("SMS", agreedAt), (confirmation["channel"]!.GetValue<string>(), Time(confirmation["at"]!)));
        Assert.Null(state["cases"]![0]!["nextStep"]);

        // Within the five days' grace (the policy's default) the ladder stays paused; after it, it resumes.
        await host.AdvanceAsync(promisedFor.AddDays(4));
        Assert.Null((await host.CustomerAsync(tenant, customer))!["cases"]![0]!["nextStep"]);
        await host.AdvanceAsync(promisedFor.AddDays(7));
        var resumed = (await host.CustomerAsync(tenant, customer))!["cases"]![0]!["nextStep"]!;
        Assert.Equal("reminder-2", resumed["stepId"]!.GetValue<string>());
        Assert.Contains("ladder.step:reminder-2", Reasons(resumed));
        Assert.Contains("plan.broken", Reasons(resumed));
        await host.AdvanceAsync(promisedFor.AddDays(25));
        Assert.Contains(Dispatched((await host.CustomerAsync(tenant, customer))!), a => a["stepId"]?.GetValue<string>() == "reminder-2");
    }

    [Fact]
    public async Task A_policy_change_mid_journey_applies_to_future_steps_and_decisions_show_their_version()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await host.AdvanceAsync(now.AddDays(4));

        await host.SetPolicyAsync(tenant, Policies.Webshop(reminder2Channel: "SMS"));
        await host.AdvanceAsync(now.AddDays(14));

        var actions = Dispatched((await host.CustomerAsync(tenant, customer))!);
        Assert.Equal(("reminder-1", "EMAIL", 1), (actions[0]["stepId"]!.GetValue<string>(), actions[0]["channel"]!.GetValue<string>(), actions[0]["policyVersion"]!.GetValue<int>()));
        Assert.Equal(("reminder-2", "SMS", 2), (actions[1]["stepId"]!.GetValue<string>(), actions[1]["channel"]!.GetValue<string>(), actions[1]["policyVersion"]!.GetValue<int>()));
        var policy = (await host.GraphQLDataAsync("query ($t: String!) { policy(tenant: $t) { version source } }", new { t = tenant }))["policy"]!;
        Assert.Equal(2, policy["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_policy_with_an_error_is_refused_with_its_line_and_path_and_the_old_version_stays()
    {
        var tenant = Sample.NewId("shop");
        await host.SetPolicyAsync(tenant, Policies.Webshop());

        var result = await host.GraphQLAsync(
            "mutation ($t: String!, $d: String!) { setPolicy(tenant: $t, document: $d) { version } }",
            new { t = tenant, d = "ladder:\n  - id: r\n    after: P1D\n    kind: REMINDER\n    channel: PIGEON\n  - id: s\n    after: -P2D\n    kind: REMINDER\n    channel: EMAIL\n" });

        var errors = result["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["extensions"]!["code"]!.GetValue<string>() == "POLICY_INVALID"
            && e["extensions"]!["line"]!.GetValue<int>() == 5 && e["extensions"]!["path"]!.GetValue<string>() == "$.ladder[0].channel");
        Assert.Contains(errors, e => e!["extensions"]!["line"]!.GetValue<int>() == 7 && e["extensions"]!["path"]!.GetValue<string>() == "$.ladder[1].after");
        var policy = (await host.GraphQLDataAsync("query ($t: String!) { policy(tenant: $t) { version document } }", new { t = tenant }))["policy"]!;
        Assert.Equal(1, policy["version"]!.GetValue<int>());
        Assert.Contains("Webshop B.V.", policy["document"]!.GetValue<string>());

        var same = await host.GraphQLDataAsync("mutation ($t: String!, $d: String!) { setPolicy(tenant: $t, document: $d) { version changed } }", new { t = tenant, d = Policies.Webshop() });
        Assert.Equal((1, false), (same["setPolicy"]!["version"]!.GetValue<int>(), same["setPolicy"]!["changed"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_tenant_without_its_own_policy_runs_on_the_shipped_default()
    {
        var (tenant, customer) = (Sample.NewId("newclient"), Sample.NewId("c"));
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "inv-1", 75m, Date(now)));

        await host.AdvanceAsync(now.AddDays(45));

        var policy = (await host.GraphQLDataAsync("query ($t: String!) { policy(tenant: $t) { tenant version } }", new { t = tenant }))["policy"]!;
        Assert.Equal("default", policy["tenant"]!.GetValue<string>());
        var actions = Dispatched((await host.CustomerAsync(tenant, customer))!);
        Assert.Equal(["reminder-1", "final-notice", "handover"], actions.Select(a => a["stepId"]!.GetValue<string>()));
        Assert.Equal("AGENCY", actions[2]["sender"]!.GetValue<string>());
        Assert.All(actions, a => Assert.NotEmpty(Reasons(a)));
    }

    [Fact]
    public async Task A_scheduled_step_survives_deactivation_of_every_grain()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, "order-1", 100m, Date(now)));
        await host.AdvanceAsync(now.AddDays(4));
        var planned = (await host.CustomerAsync(tenant, customer))!["cases"]![0]!["nextStep"]!;
        var grains = host.Services.GetRequiredService<Orleans.IGrainFactory>();
        var grain = grains.GetGrain<Journey.Abstractions.ICustomerGrain>(Journey.Abstractions.GrainKeys.Of(tenant, customer));
        Assert.Equal(1, await Activations.CountAsync(grains, grain));

        await host.DeactivateAllAsync();
        await Activations.GoneAsync(grains, grain);
        await host.AdvanceAsync(Time(planned["at"]!).AddHours(1));

        var sent = Dispatched((await host.CustomerAsync(tenant, customer))!).Single(a => a["actionId"]!.GetValue<string>() == planned["actionId"]!.GetValue<string>());
        Assert.Equal(Time(planned["at"]!), Time(sent["at"]!));
    }

    internal static List<JsonNode> Dispatched(JsonNode customer) =>
        [.. customer["actions"]!.AsArray().Where(a => a!["status"]!.GetValue<string>() is "DISPATCHED" or "SENT").Select(a => a!)];

    internal static IReadOnlyList<string> Reasons(JsonNode action) => [.. action["reasons"]!.AsArray().Select(r => r!.GetValue<string>())];

    internal static DateTimeOffset Time(JsonNode node) =>
        IsoTime.TryParseInstant(node.GetValue<string>(), out var time) ? time : throw new FormatException(node.GetValue<string>());

    internal static string Date(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Amsterdam).Date.ToString("yyyy-MM-dd", null);

    internal static DateTimeOffset NextWeekday(DateTimeOffset after, int hour)
    {
        var date = Instant.FromDateTimeOffset(after).InZone(Amsterdam).Date.PlusDays(1);
        while (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday || DutchHolidays.IsHoliday(date))
        {
            date = date.PlusDays(1);
        }

        return date.At(new LocalTime(hour, 0)).InZoneLeniently(Amsterdam).ToDateTimeOffset();
    }

    private static LocalDate NextSaturday(DateTimeOffset after, bool mondayIsHoliday)
    {
        var date = Instant.FromDateTimeOffset(after).InZone(Amsterdam).Date.PlusDays(2);
        while (date.DayOfWeek != IsoDayOfWeek.Saturday || DutchHolidays.IsHoliday(date.PlusDays(2)) != mondayIsHoliday
               || DutchHolidays.IsHoliday(date) || DutchHolidays.IsHoliday(date.PlusDays(-1)) || DutchHolidays.IsHoliday(date.PlusDays(3)))
        {
            date = date.PlusDays(1);
        }

        return date;
    }
}

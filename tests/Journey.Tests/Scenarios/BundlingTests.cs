using System.Text.Json.Nodes;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using NodaTime;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Bundled contacts through the public API, on the simulated clock, under a policy the test writes.</summary>
[Collection(SimulatedHostCollection.Name)]
public class BundlingTests(SimulatedHostFixture host)
{
    // Sundays and holidays open, so that the moments below hold on whatever day the shared clock stands.
    private const string Policy = """
        client: { name: Webshop B.V. }
        ladder:
          - { id: reminder, after: P3D, kind: REMINDER, channel: EMAIL }
          - { id: letter, after: P7D, kind: FINAL_NOTICE, channel: LETTER }
        budget: { maxContacts: 1, window: P7D, minGap: PT1H }
        quietHours: { start: "20:00", end: "07:00", sundays: false, publicHolidays: false }
        bundling: { within: P3D, kinds: [REMINDER, FINAL_NOTICE] }
        """;

    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private const string Query = """
        query ($tenant: String!, $id: String!) {
          customer(tenant: $tenant, id: $id) {
            version
            cases { id nextStep { actionId at cases { caseId stepId amountDue } } }
            actions { actionId caseId stepId kind status at reasons cases { caseId stepId amountDue } }
          }
        }
        """;

    [Fact]
    public async Task Three_overdue_invoices_get_one_reminder_a_payment_before_it_takes_one_out_and_connectors_see_the_cases()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        await host.SetPolicyAsync(tenant, Policy);
        var now = await host.NowAsync();

        // Due on day D, D+1 and D+2 (D a week ahead): overdue from the next midnight, each reminder three days
        // later at 07:00 (D+4, D+5, D+6), all within three days of the first: one reminder at D+4 07:00.
        var d = Instant.FromDateTimeOffset(now).InZone(Amsterdam).Date.PlusDays(7);
        DateTimeOffset At(int days, int hour) => d.PlusDays(days).At(new LocalTime(hour, 0)).InZoneLeniently(Amsterdam).ToDateTimeOffset();
        var amounts = new Dictionary<string, decimal> { ["A"] = 100m, ["B"] = 200m, ["C"] = 300m };
        foreach (var (caseId, days) in new[] { ("A", 0), ("B", 1), ("C", 2) })
        {
            await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", now, $"{customer}-{caseId}", amounts[caseId], d.PlusDays(days).ToString("yyyy-MM-dd", null)));
        }

        await host.AdvanceAsync(At(3, 12));
        var planned = await ReadAsync(tenant, customer);
        var bundle = planned["actions"]!.AsArray().Single(a => a!["status"]!.GetValue<string>() == "PLANNED")!;
        Assert.Equal(At(4, 7), Time(bundle["at"]!));
        Assert.Equal([("A", "reminder", 100m), ("B", "reminder", 200m), ("C", "reminder", 300m)], Members(bundle, customer));
        Assert.All(planned["cases"]!.AsArray(), c => Assert.Equal(bundle["actionId"]!.GetValue<string>(), c!["nextStep"]!["actionId"]!.GetValue<string>()));

        // B is paid before the reminder goes: it names A and C only.
        await host.RecordAsync(Touchpoint(tenant, customer, "PAYMENT_RECEIVED", At(3, 12), $"{customer}-B", 200m));
        await host.AdvanceAsync(At(4, 8));
        var reminded = await ReadAsync(tenant, customer);
        var reminder = Assert.Single(Dispatched(reminded));
        Assert.Equal((bundle["actionId"]!.GetValue<string>(), At(4, 7), "REMINDER"), (reminder["actionId"]!.GetValue<string>(), Time(reminder["at"]!), reminder["kind"]!.GetValue<string>()));
        Assert.Equal([("A", "reminder", 100m), ("C", "reminder", 300m)], Members(reminder, customer));
        Assert.Equal($"{customer}-A", reminder["caseId"]!.GetValue<string>());
        Assert.Contains("bundle", Reasons(reminder));
        Assert.Contains($"bundle.case:{customer}-C", Reasons(reminder));
        Assert.DoesNotContain($"bundle.case:{customer}-B", Reasons(reminder));

        // Connectors get the one contact with both cases.
        var envelope = await WatchOneAsync(tenant);
        Assert.Equal(reminder["actionId"]!.GetValue<string>(), envelope.Action.ActionId);
        Assert.Equal([($"{customer}-A", "reminder", "100.00"), ($"{customer}-C", "reminder", "300.00")], envelope.Action.Cases.Select(c => (c.CaseId, c.StepId, c.AmountDue)));

        // The letters, a week after the bundle: one again, within a budget of one contact a week.
        await host.AdvanceAsync(At(11, 8));
        var letter = Dispatched((await ReadAsync(tenant, customer))).Single(a => a["kind"]!.GetValue<string>() == "FINAL_NOTICE");
        Assert.Equal(At(11, 7), Time(letter["at"]!));
        Assert.Equal([("A", "letter", 100m), ("C", "letter", 300m)], Members(letter, customer));

        // Statistics count one contact per case, at its own step.
        var step = await Until.ValueAsync(async () =>
        {
            var statistics = (await host.GraphQLDataAsync("query ($tenant: String!) { statistics(tenant: $tenant) { byStep { step contacts } } }", new { tenant }))["statistics"]!;
            var counts = statistics["byStep"]!.AsArray().ToDictionary(s => s!["step"]?.GetValue<string>() ?? "-", s => s!["contacts"]!.GetValue<int>());
            return counts.GetValueOrDefault("reminder") == 2 && counts.GetValueOrDefault("letter") == 2 ? counts : null;
        }, TimeSpan.FromSeconds(10), "statistics never counted two reminders and two letters");
        Assert.Equal(2, step["reminder"]);
    }

    private async Task<JsonNode> ReadAsync(string tenant, string customer) =>
        (await host.GraphQLDataAsync(Query, new { tenant, id = customer }))["customer"]!;

    private static IEnumerable<(string CaseId, string StepId, decimal AmountDue)> Members(JsonNode action, string customer) =>
        action["cases"]!.AsArray().Select(c => (c!["caseId"]!.GetValue<string>().Replace($"{customer}-", "", StringComparison.Ordinal), c["stepId"]!.GetValue<string>(), c["amountDue"]!.GetValue<decimal>()));

    private async Task<ActionEnvelope> WatchOneAsync(string tenant)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = new JourneyService.JourneyServiceClient(host.Grpc).WatchActions(new WatchActionsRequest { Tenant = tenant, Cursor = 0 }, cancellationToken: timeout.Token);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        return call.ResponseStream.Current;
    }
}

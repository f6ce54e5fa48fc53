using System.Text.Json.Nodes;
using Journey.Domain;
using Journey.Domain.Replay;
using Journey.Domain.Rules;
using Journey.Grains;
using Journey.Grains.Policies;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Replaying recorded history through the pure core: fidelity to the live engine, and previews of a draft policy.</summary>
[Collection(SimulatedHostCollection.Name)]
public class PreviewTests(SimulatedHostFixture host)
{
    private static readonly string WithoutSecondEmail = Policies.Webshop().Replace(
        """
          - id: reminder-2
            after: P7D
            kind: REMINDER
            channel: EMAIL

        """.Replace("\r", ""), "");

    /// <summary>Feeds the same varied history, day by day, to every tenant given; returns the customer ids.</summary>
    private async Task<List<string>> DriveAsync(string[] tenants, int customers, int days)
    {
        Assert.DoesNotContain("reminder-2", WithoutSecondEmail);
        var ids = Enumerable.Range(0, customers).Select(i => Sample.NewId($"c{i}-")).ToList();
        var random = new Random(7);
        var plan = ids.SelectMany((id, i) =>
        {
            var day = random.Next(0, 5);
            var events = new List<(int Day, int Hour, Func<DateTimeOffset, JsonObject[]> Make)>
            {
                (day, 10, now => [.. tenants.Select(t => Touchpoint(t, id, "INVOICE_ISSUED", now, $"{id}-inv", 80m + i, Date(now)))]),
            };
            var paysAfter = random.Next(0, 4) switch { 0 => 4, 1 => 9, 2 => 20, _ => -1 };
            if (paysAfter > 0)
            {
                events.Add((day + paysAfter, 15, now => [.. tenants.Select(t => Touchpoint(t, id, "PAYMENT_RECEIVED", now, $"{id}-inv", 80m + i))]));
            }

            if (i % 5 == 0)
            {
                events.Add((day + 6, 11, now => [.. tenants.Select(t => Touchpoint(t, id, "COMPLAINT_OPENED", now, $"{id}-inv", eventId: $"{t}-{id}-complaint", attributes: ("reason", "wrong size")))]));
                events.Add((day + 12, 9, now => [.. tenants.Select(t => Touchpoint(t, id, "COMPLAINT_RESOLVED", now, $"{id}-inv", attributes: ("reference", $"{t}-{id}-complaint")))]));
            }

            if (i % 7 == 3)
            {
                events.Add((day + 8, 20, now => [.. tenants.Select(t => Touchpoint(t, id, "APP_OPENED", now, channel: "APP"))]));
            }

            return events;
        }).OrderBy(e => e.Day).ThenBy(e => e.Hour).ToList();

        var start = (await host.NowAsync()).Date.AddDays(1);
        foreach (var group in plan.GroupBy(e => (e.Day, e.Hour)))
        {
            var at = new DateTimeOffset(start.AddDays(group.Key.Day).AddHours(group.Key.Hour), TimeSpan.FromHours(1));
            var now = await host.AdvanceAsync(at);
            foreach (var input in group.SelectMany(e => e.Make(now)))
            {
                await host.RecordAsync(input);
            }
        }

        await host.AdvanceAsync(new DateTimeOffset(start.AddDays(days), TimeSpan.FromHours(1)));
        return ids;
    }

    [Fact]
    public async Task Replaying_recorded_history_under_the_unchanged_policy_reproduces_the_live_actions_exactly()
    {
        var tenant = Sample.NewId("shop");
        await host.SetPolicyAsync(tenant, Policies.Webshop());
        var ids = await DriveAsync([tenant], customers: 25, days: 80);

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var policy = await host.Services.GetRequiredService<PolicyCatalog>().GetEffectiveAsync(tenant);
        var now = await host.NowAsync();
        var compared = 0;
        foreach (var id in ids)
        {
            var customer = grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id));
            var live = (await customer.Get())!;
            var history = await customer.History();
            Assert.All(history, t => Assert.NotNull(t.ReceivedAt));

            var replay = new Replayer(tenant, id, JourneySettings.Default);
            foreach (var touchpoint in Replayer.InArrivalOrder(history))
            {
                replay.Receive(touchpoint, _ => policy);
            }

            replay.WakeUntil(now, _ => policy);
            Assert.Equal(Describe(live.Actions), Describe(replay.State.Actions));
            Assert.Equal(Describe(live.Suppressed), Describe(replay.State.Suppressed));
            compared += live.Actions.Length;
        }

        Assert.True(compared > 50, $"only {compared} actions were compared");

        // The moment each touchpoint was taken in is part of the timeline, over GraphQL and gRPC.
        var first = (await host.GraphQLDataAsync("query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { timeline(first: 1) { eventId receivedAt } } }", new { t = tenant, id = ids[0] }))["customer"]!["timeline"]![0]!;
        var grpc = await new Journey.Api.V1.JourneyService.JourneyServiceClient(host.Grpc).GetCustomerAsync(new Journey.Api.V1.GetCustomerRequest { Tenant = tenant, CustomerId = ids[0] });
        var entry = grpc.Timeline.Single(t => t.EventId == first["eventId"]!.GetValue<string>());
        Assert.Equal(first["receivedAt"]!.GetValue<string>(), entry.ReceivedAt);
        Assert.True(Time(first["receivedAt"]!) <= now);
    }

    [Fact]
    public async Task A_preview_of_a_draft_without_the_second_email_reports_exactly_the_cases_a_run_of_the_draft_changes()
    {
        var (asIs, drafted) = (Sample.NewId("shop"), Sample.NewId("shop"));
        await host.SetPolicyAsync(asIs, Policies.Webshop());
        await host.SetPolicyAsync(drafted, WithoutSecondEmail);
        var from = await host.NowAsync();
        var ids = await DriveAsync([asIs, drafted], customers: 30, days: 70);
        var to = await host.NowAsync();

        // The copy of the history that really ran under the draft says which cases change.
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var customer in ids)
        {
            var (a, b) = (await ContactsAsync(asIs, customer), await ContactsAsync(drafted, customer));
            if (!a.SequenceEqual(b))
            {
                expected.Add(customer);
            }
        }

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < ids.Count, "some customers paid before the second e-mail and must not change");

        var started = (await host.GraphQLDataAsync(
            "mutation ($tenant: String!, $document: String!, $from: String!, $to: String!) { previewPolicy(tenant: $tenant, document: $document, from: $from, to: $to) { id status } }",
            new { tenant = asIs, document = WithoutSecondEmail, from = IsoTime.Format(from), to = IsoTime.Format(to) }))["previewPolicy"]!;
        var id = started["id"]!.GetValue<string>();
        var preview = await Until.MatchAsync(
            async () => (await host.GraphQLDataAsync(
                """
                query ($tenant: String!, $id: String!) {
                  policyPreview(tenant: $tenant, id: $id) {
                    status customersReplayed casesChanged
                    current { contacts contactsByKindAndChannel { kind channel count } casesReaching { stage count } handovers holdsHonoured }
                    draft { contacts contactsByKindAndChannel { kind channel count } }
                    difference { contacts contactsByKindAndChannel { kind channel count } }
                    cases(first: 100) { customerId caseId changes { change stepId kind currentAt draftAt reasons } }
                  }
                }
                """, new { tenant = asIs, id }))["policyPreview"]!,
            p => p["status"]!.GetValue<string>() != "RUNNING", TimeSpan.FromSeconds(60), "the preview over GraphQL was still running", TimeSpan.FromMilliseconds(100));

        Assert.Equal("COMPLETED", preview["status"]!.GetValue<string>());
        Assert.Equal(ids.Count, preview["customersReplayed"]!.GetValue<int>());
        var reported = preview["cases"]!.AsArray().Select(c => c!["customerId"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected, new SortedSet<string>(reported, StringComparer.Ordinal));
        Assert.Equal(expected.Count, preview["casesChanged"]!.GetValue<int>());

        // Every changed case lost its second e-mail; the totals agree with the live runs of both policies.
        Assert.All(preview["cases"]!.AsArray(), c => Assert.Contains(c!["changes"]!.AsArray(), x => x!["change"]!.GetValue<string>() == "REMOVED" && x["stepId"]!.GetValue<string>() == "reminder-2"
            && x["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).SequenceEqual(new[] { "preview.step-not-in-draft" })));
        var liveAsIs = 0;
        var liveDrafted = 0;
        foreach (var customer in ids)
        {
            liveAsIs += (await ContactsAsync(asIs, customer)).Count;
            liveDrafted += (await ContactsAsync(drafted, customer)).Count;
        }

        Assert.Equal((liveAsIs, liveDrafted), (preview["current"]!["contacts"]!.GetValue<int>(), preview["draft"]!["contacts"]!.GetValue<int>()));
        Assert.Equal(liveDrafted - liveAsIs, preview["difference"]!["contacts"]!.GetValue<int>());

        // The same preview over gRPC gives the same answer.
        var client = new Journey.Api.V1.JourneyService.JourneyServiceClient(host.Grpc);
        var overGrpc = await client.PreviewPolicyAsync(new Journey.Api.V1.PreviewPolicyRequest { Tenant = asIs, Document = WithoutSecondEmail, From = IsoTime.Format(from), To = IsoTime.Format(to) });
        var answer = await Until.MatchAsync(
            async () => await client.GetPolicyPreviewAsync(new Journey.Api.V1.PolicyPreviewRequest { Tenant = asIs, Id = overGrpc.Id, First = 1_000 }),
            a => a.Status != "RUNNING", TimeSpan.FromSeconds(60), "the preview over gRPC was still running", TimeSpan.FromMilliseconds(100));

        Assert.Equal(("COMPLETED", (long)expected.Count, liveAsIs, liveDrafted), (answer.Status, answer.CasesChanged, (int)answer.Current.Contacts, (int)answer.Draft.Contacts));
        Assert.Equal(expected, new SortedSet<string>(answer.Cases.Select(c => c.CustomerId), StringComparer.Ordinal));
        Assert.All(answer.Cases, c => Assert.Contains(c.Changes, x => x.Change == "REMOVED" && x.StepId == "reminder-2" && x.Kind == Journey.Api.V1.ActionKind.Reminder));
    }

    [Fact]
    public async Task A_bad_preview_request_is_refused_with_the_field_and_starts_nothing()
    {
        var tenant = Sample.NewId("shop");
        var result = await host.GraphQLAsync(
            "mutation ($tenant: String!, $document: String!) { previewPolicy(tenant: $tenant, document: $document, from: \"2026-01-01\", to: \"2026-02-01T00:00:00+01:00\", sample: 1.5) { id } }",
            new { tenant, document = "ladder:\n  - id: x\n    after: P1D\n    kind: REMINDER\n    channel: PIGEON\n" });
        var errors = result["errors"]!.AsArray().Select(e => e!.ToJsonString()).ToList();
        Assert.Contains(errors, e => e.Contains("\"from\"", StringComparison.Ordinal) || e.Contains("from", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("sample", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("POLICY_INVALID", StringComparison.Ordinal));
        Assert.Null(result["data"]!["previewPolicy"]);
    }

    private async Task<List<string>> ContactsAsync(string tenant, string id)
    {
        var customer = (await host.GraphQLDataAsync(
            "query ($tenant: String!, $id: String!) { customer(tenant: $tenant, id: $id) { contacts { actionId at } actions { actionId stepId kind channel } } }",
            new { tenant, id }))["customer"]!;
        var actions = customer["actions"]!.AsArray().ToDictionary(a => a!["actionId"]!.GetValue<string>(), a => a!);
        return [.. customer["contacts"]!.AsArray()
            .Where(c => c!["actionId"] is { } actionId && actions.ContainsKey(actionId.GetValue<string>()))
            .Select(c => (Action: actions[c!["actionId"]!.GetValue<string>()], At: c["at"]!.GetValue<string>()))
            .Select(c => $"{c.Action["stepId"]}|{c.Action["kind"]}|{c.Action["channel"]}|{c.At}")
            .Reverse()];
    }

    private static List<string> Describe(IEnumerable<OutboundAction> actions) =>
        [.. actions.Select(a => $"{a.ActionId}|{a.CaseId}|{a.StepId}|{a.Kind}|{a.Channel}|{a.Sender}|{a.Status}|{IsoTime.Format(a.At)}|{IsoTime.Format(a.PlannedAt)}|{string.Join(",", a.Reasons)}|{a.PolicyVersion}|{a.CollectionCosts}")];
}

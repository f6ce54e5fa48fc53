using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journey.Api.Security;
using Journey.Api.V1;
using Journey.Tests.Desk;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>
/// The audit trail with authentication on and the simulated clock: each audited action appears with the
/// token's subject; only the auditor role reads it; an erased customer's id leaves every line that named it.
/// </summary>
public class AuditTrailTests(DeskHostFixture host) : IClassFixture<DeskHostFixture>
{
    private const string Trail = "query ($t: String!, $first: Int, $after: String) { auditTrail(tenant: $t, first: $first, after: $after) { at actor action subject cursor } }";

    private static string Token(string subject, string[] tenants, params string[] roles) => DevTokens.Mint(AuthHostFixture.Auth, tenants, roles, TimeSpan.FromHours(1), subject: subject);

    private async Task<JsonObject> GraphQLAsync(string token, string query, object variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<JsonNode> DataAsync(string token, string query, object variables)
    {
        var result = await GraphQLAsync(token, query, variables);
        Assert.True(result["errors"] is null, $"GraphQL errors: {result["errors"]?.ToJsonString()}");
        return result["data"]!;
    }

    [Fact]
    public async Task Each_audited_action_is_a_line_with_its_actor_only_an_auditor_reads_them_and_erasure_keeps_the_lines_without_the_customer()
    {
        var tenant = Sample.NewId("audit");
        var alice = Token("alice", [tenant], "policy-admin", "privacy", "agent", "read", "ingest", "operator");
        var ivan = Token("ivan", [tenant], "auditor");
        var everyTenant = Token("root-auditor", ["*"], "auditor");

        await DataAsync(alice, "mutation ($t: String!, $d: String!) { setPolicy(tenant: $t, document: $d) { version } }", new { t = tenant, d = "timeZone: Europe/Amsterdam\n" });
        await DataAsync(alice, "mutation ($t: String!, $d: String!) { setTemplates(tenant: $t, document: $d) { version } }",
            new { t = tenant, d = "templates:\n  - { name: r, channel: SMS, language: nl, text: \"{{ total | money }}\" }\n" });

        // A customer who broke a promise: on the collection team's worklist.
        var customer = Sample.NewId("cust");
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        var headers = new Grpc.Core.Metadata { { "authorization", $"Bearer {alice}" } };
        var at = Domain.IsoTime.Format(DeskHostFixture.Start.AddDays(-20));
        await client.PushAsync(new Touchpoint { EventId = $"{customer}-inv", Tenant = tenant, CustomerId = customer, CaseId = $"{customer}-inv", Type = TouchpointType.InvoiceIssued, OccurredAt = at, Amount = "80.00", Currency = "EUR", DueDate = "2026-06-01" }, headers);
        await client.PushAsync(new Touchpoint { EventId = $"{customer}-promise", Tenant = tenant, CustomerId = customer, CaseId = $"{customer}-inv", Type = TouchpointType.PromiseToPay, OccurredAt = at, Amount = "80.00", Currency = "EUR", DueDate = "2026-06-10" }, headers);
        var item = await Until.ValueAsync(
            async () => (await DataAsync(alice, "query ($t: String!) { worklist(tenant: $t, team: COLLECTION) { items { itemId } } }", new { t = tenant }))["worklist"]!["items"]!.AsArray().FirstOrDefault()?["itemId"]?.GetValue<string>(),
            TimeSpan.FromSeconds(15), "the broken promise never reached the worklist");
        Assert.Contains(customer, item);
        // Taken, taken again (the lease renewed: audited, not counted as work twice), completed.
        await DataAsync(alice, "mutation ($t: String!, $i: String!) { takeWorklistItem(tenant: $t, itemId: $i) { taken } }", new { t = tenant, i = item });
        await DataAsync(alice, "mutation ($t: String!, $i: String!) { takeWorklistItem(tenant: $t, itemId: $i) { taken } }", new { t = tenant, i = item });
        await DataAsync(alice, "mutation ($t: String!, $i: String!) { completeWorklistItem(tenant: $t, itemId: $i) }", new { t = tenant, i = item });

        // The collector's work: one item taken and completed.
        var work = (await DataAsync(alice, "query ($t: String!) { worklistWork(tenant: $t) { team agent taken completed } }", new { t = tenant }))["worklistWork"]!.AsArray();
        Assert.Equal("COLLECTION alice 1 1", Assert.Single(work)!.AsObject().Select(p => p.Value!.ToString()).Aggregate((a, b) => $"{a} {b}"));
        var overGrpc = Assert.Single((await client.GetWorklistWorkAsync(new WorklistWorkRequest { Tenant = tenant }, headers)).Agents);
        Assert.Equal((Team.Collection, "alice", 1L, 1L), (overGrpc.Team, overGrpc.Agent, overGrpc.Taken, overGrpc.Completed));
        await DataAsync(alice, "query ($t: String!, $id: String!) { exportCustomer(tenant: $t, id: $id) }", new { t = tenant, id = customer });

        // Before the erasure the lines name the customer; the auditor reads them newest first, two at a time.
        var before = (await DataAsync(ivan, Trail, new { t = tenant, first = 10 }))["auditTrail"]!.AsArray();
        Assert.Equal(["CUSTOMER_EXPORTED", "WORKLIST_ITEM_COMPLETED", "WORKLIST_ITEM_TAKEN", "WORKLIST_ITEM_TAKEN", "TEMPLATES_CHANGED", "POLICY_CHANGED"], before.Select(l => l!["action"]!.GetValue<string>()));
        Assert.All(before, line => Assert.Equal("alice", line!["actor"]!.GetValue<string>()));
        Assert.Equal([$"customer {customer}", $"item {item} by alice", $"item {item} by alice", $"item {item} by alice", "templates version 1", "policy version 1"], before.Select(l => l!["subject"]!.GetValue<string>()));
        var first = (await DataAsync(ivan, Trail, new { t = tenant, first = 2 }))["auditTrail"]!.AsArray();
        var next = (await DataAsync(ivan, Trail, new { t = tenant, first = 2, after = first[^1]!["cursor"]!.GetValue<string>() }))["auditTrail"]!.AsArray();
        Assert.Equal(before.Skip(2).Take(2).Select(l => l!["cursor"]!.GetValue<string>()), next.Select(l => l!["cursor"]!.GetValue<string>()));

        await DataAsync(alice, "mutation ($t: String!, $id: String!) { eraseCustomer(tenant: $t, id: $id) { erased } }", new { t = tenant, id = customer });
        var after = (await DataAsync(ivan, Trail, new { t = tenant, first = 10 }))["auditTrail"]!.AsArray();
        Assert.Equal(["CUSTOMER_ERASED", .. before.Select(l => l!["action"]!.GetValue<string>())], after.Select(l => l!["action"]!.GetValue<string>()));
        Assert.DoesNotContain(customer, after.ToJsonString());
        Assert.Equal("customer (erased)", after[1]!["subject"]!.GetValue<string>());

        // The business clock concerns every tenant: its moves are in the cluster's trail.
        var now = await client.GetClockAsync(new GetClockRequest(), headers);
        await DataAsync(alice, "mutation ($to: String!) { advanceClock(to: $to) { now } }", new { to = Domain.IsoTime.Format(DateTimeOffset.Parse(now.Now, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(5)) });
        var cluster = (await DataAsync(everyTenant, Trail, new { t = "*", first = 50 }))["auditTrail"]!.AsArray();
        Assert.Contains(cluster, line => line!["action"]!.GetValue<string>() == "CLOCK_MOVED" && line["actor"]!.GetValue<string>() == "alice");

        // Without the auditor role, or for a trail the token does not grant, the trail is refused.
        foreach (var (token, trail) in new[] { (alice, tenant), (ivan, "*"), (Token("mallory", ["other"], "auditor"), tenant) })
        {
            var refused = await GraphQLAsync(token, Trail, new { t = trail, first = 10 });
            Assert.Equal("FORBIDDEN", refused["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        }
    }
}

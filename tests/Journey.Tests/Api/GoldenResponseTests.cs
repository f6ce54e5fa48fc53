using System.Text;
using System.Text.Json.Nodes;
using Journey.Domain;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>
/// Pins what GraphQL serves, byte for byte: a customer's journey on a simulated clock of its own
/// (invoice, payment, complaint, the ladder held and resumed, a contact booked), then every field
/// of the customer and the case the schema offers (to two levels), the statistics, the policy and
/// the clock, each compared with a response captured in <c>Golden/</c>. A change to how a type is
/// declared (hand-written or generated) must leave these unchanged; a change to what is served is
/// made on purpose: rerun with <c>JOURNEY_UPDATE_GOLDEN=1</c>, read the difference, and say it in
/// <c>CHANGELOG.md</c>.
/// </summary>
[Collection(GoldenHostCollection.Name)]
public class GoldenResponseTests(GoldenHostFixture host)
{
    private const string Tenant = "golden";
    private const string Customer = "g-1";
    private const string Case = "g-1-inv";

    [Fact]
    public async Task GraphQL_serves_what_was_captured_byte_for_byte()
    {
        await host.GraphQLDataAsync("mutation ($t: String!, $d: String!) { setPolicy(tenant: $t, document: $d) { version } }",
            new { t = Tenant, d = TestPolicies.RemindersAtAnyHour("Golden responses", ("reminder-1", "P3D"), ("reminder-2", "P7D")) });
        await Record("g-1-e1", "INVOICE_ISSUED", "2026-03-02T09:30:00+01:00", Case, amount: 120.50m, dueDate: "2026-03-10", team: "BILLING");
        await Record("g-1-e2", "PAYMENT_RECEIVED", "2026-03-03T10:00:00+01:00", Case, amount: 20.50m, channel: "WEB");
        await Record("g-1-e3", "COMPLAINT_OPENED", "2026-03-04T11:00:00+01:00", Case, channel: "PHONE", team: "SERVICE", attributes: [("reason", "parcel never arrived")]);
        await Record("g-1-e4", "APP_OPENED", "2026-03-05T08:15:00+01:00", null, channel: "APP");
        await Advance("2026-03-20T09:00:00+01:00");
        await Record("g-1-e5", "COMPLAINT_RESOLVED", "2026-03-20T10:00:00+01:00", Case, team: "SERVICE", attributes: [("reference", "g-1-e3")]);
        await Advance("2026-03-24T12:00:00+01:00");
        await host.GraphQLDataAsync("mutation { requestContact(tenant: \"golden\", customerId: \"g-1\", team: SALES, channel: EMAIL, purpose: \"spring offer\") { outcome } }");

        // Statistics arrive as effects after each write: captured once the contact and the payment are both counted.
        await Until.TrueAsync(async () => (await host.GraphQLDataAsync($$"""{ statistics(tenant: "{{Tenant}}") { paidWithoutContact contacts { contacts } } }""")) is var stats
                && stats["statistics"]!["paidWithoutContact"]!.GetValue<int>() == 1 && stats["statistics"]!["contacts"]!.AsArray().Count == 1,
            TimeSpan.FromSeconds(30), "the tenant's statistics never counted the payment and the reminder");

        var types = SchemaSelection.Types(await host.GraphQLDataAsync(SchemaSelection.Introspection));
        var captures = new (string Name, string Query)[]
        {
            ("customer", $$"""{ customer(tenant: "{{Tenant}}", id: "{{Customer}}") {{SchemaSelection.Of(types, "Customer")}} }"""),
            ("case", $$"""{ case(tenant: "{{Tenant}}", id: "{{Case}}") {{SchemaSelection.Of(types, "Case")}} }"""),
            ("statistics", $$"""{ statistics(tenant: "{{Tenant}}") {{SchemaSelection.Of(types, "TenantStatistics")}} }"""),
            ("policy-and-clock", $$"""{ policy(tenant: "{{Tenant}}") { version document } clock { now mode } }"""),
            ("unknown-customer", $$"""{ customer(tenant: "{{Tenant}}", id: "never-seen") { version } }"""),
            ("bad-tenant", """{ customer(tenant: "", id: "x") { version } }"""),
        };

        var update = Environment.GetEnvironmentVariable("JOURNEY_UPDATE_GOLDEN") == "1";
        var differing = new List<string>();
        foreach (var (name, query) in captures)
        {
            using var response = await host.Http.PostAsync("/graphql", new StringContent(new JsonObject { ["query"] = query }.ToJsonString(), Encoding.UTF8, "application/json"));
            var served = await response.Content.ReadAsByteArrayAsync();
            var file = Path.Combine(Repository.Root, "tests", "Journey.Tests", "Api", "Golden", $"{name}.json");
            if (update)
            {
                await File.WriteAllBytesAsync(file, served);
                continue;
            }

            Assert.True(File.Exists(file), $"no capture for '{name}': run the test once with JOURNEY_UPDATE_GOLDEN=1 and read what it wrote");
            var captured = await File.ReadAllBytesAsync(file);
            if (!served.SequenceEqual(captured))
            {
                differing.Add($"{name}: served {Encoding.UTF8.GetString(served)}");
            }
        }

        Assert.False(update, "captures written; rerun without JOURNEY_UPDATE_GOLDEN");
        Assert.Empty(differing);
    }

    private async Task Record(string eventId, string type, string occurredAt, string? caseId, decimal? amount = null, string? dueDate = null,
        string? channel = null, string? team = null, (string Key, string Value)[]? attributes = null)
    {
        var input = new JsonObject
        {
            ["eventId"] = eventId, ["tenant"] = Tenant, ["customerId"] = Customer, ["type"] = type, ["occurredAt"] = occurredAt,
            ["caseId"] = caseId, ["amount"] = amount, ["currency"] = amount is null ? null : "EUR", ["dueDate"] = dueDate, ["channel"] = channel, ["team"] = team,
            ["attributes"] = new JsonArray([.. (attributes ?? []).Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["value"] = a.Value })]),
        };
        var receipt = await host.GraphQLDataAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { duplicate } }", new { input });
        Assert.False(receipt["recordTouchpoint"]!["duplicate"]!.GetValue<bool>());
    }

    private Task Advance(string to) => host.GraphQLDataAsync("mutation ($to: String!) { advanceClock(to: $to) { now } }", new { to });
}

/// <summary>A host of its own on a simulated clock that only <see cref="GoldenResponseTests"/> moves.</summary>
public sealed class GoldenHostFixture : JourneyHostFixture
{
    protected override IEnumerable<string> ExtraArguments =>
        [.. base.ExtraArguments, "--Journey:Clock=Simulated", "--Journey:SimulatedStart=2026-03-02T09:00:00+01:00"];
}

[CollectionDefinition(Name)]
public sealed class GoldenHostCollection : ICollectionFixture<GoldenHostFixture>
{
    public const string Name = "golden host";
}

using System.Text.Json.Nodes;
using Journey.Domain;

namespace Journey.Tests.Infrastructure;

/// <summary>A Journey host on the simulated clock, starting Sunday 1 March 2026, 09:00 Amsterdam time.</summary>
public sealed class SimulatedHostFixture : JourneyHostFixture
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Holds a copy of the shipped default policy only: tenants without their own policy run on it.</summary>
    private static readonly string PolicyFolder = CopyShippedDefault();

    protected override IEnumerable<string> ExtraArguments =>
        [$"--Journey:Policies={PolicyFolder}", "--Journey:Clock=Simulated", $"--Journey:SimulatedStart={IsoTime.Format(Start)}",
         "--Journey:Payments:Tenants:paylink:Url=https://pay.example/p/{token}", $"--Journey:Payments:Tenants:paylink:Secret={PaymentSecret}", "--Journey:Payments:Tenants:paylink:ValidDays=3"];

    /// <summary>Signs the payment links and callbacks of tenant <c>paylink</c>.</summary>
    public const string PaymentSecret = "paylink-secret-0123456789";

    private static string CopyShippedDefault()
    {
        var folder = Directory.CreateTempSubdirectory("journey-policies-").FullName;
        File.Copy(Path.Combine(Repository.Root, "policies", "default.yaml"), Path.Combine(folder, "default.yaml"));
        return folder;
    }

    public async Task<DateTimeOffset> NowAsync()
    {
        var data = await GraphQLDataAsync("{ clock { now mode } }");
        Assert.Equal("SIMULATED", data["clock"]!["mode"]!.GetValue<string>());
        Assert.True(IsoTime.TryParseInstant(data["clock"]!["now"]!.GetValue<string>(), out var now));
        return now;
    }

    public async Task<DateTimeOffset> AdvanceAsync(DateTimeOffset to)
    {
        var data = await GraphQLDataAsync("mutation ($to: String!) { advanceClock(to: $to) { now mode } }", new { to = IsoTime.Format(to) });
        Assert.True(IsoTime.TryParseInstant(data["advanceClock"]!["now"]!.GetValue<string>(), out var now));
        return now;
    }

    public async Task SetPolicyAsync(string tenant, string document)
    {
        var data = await GraphQLDataAsync("mutation ($tenant: String!, $document: String!) { setPolicy(tenant: $tenant, document: $document) { version } }", new { tenant, document });
        Assert.True(data["setPolicy"]!["version"]!.GetValue<int>() >= 1);
    }

    public async Task<JsonNode> RecordAsync(JsonObject input) =>
        (await GraphQLDataAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { eventId duplicate version } }", new { input }))["recordTouchpoint"]!;

    public async Task<JsonNode?> CustomerAsync(string tenant, string id) =>
        (await GraphQLDataAsync(
            """
            query ($tenant: String!, $id: String!) {
              customer(tenant: $tenant, id: $id) {
                version
                cases { id stage amountDue onHold holdReason
                        nextStep { actionId kind channel sender senderName wkiNumber status at plannedAt reasons policyVersion stepId } }
                actions { actionId caseId kind channel sender senderName wkiNumber status at plannedAt reasons notices policyVersion stepId }
                suppressed { actionId caseId kind channel status at reasons policyVersion stepId }
              }
            }
            """, new { tenant, id }))["customer"];

    public static JsonObject Touchpoint(
        string tenant, string customer, string type, DateTimeOffset at, string? caseId = null, decimal? amount = null, string? dueDate = null,
        string? channel = null, string? team = null, string? actionId = null, string? eventId = null, params (string Key, string Value)[] attributes)
    {
        var input = new JsonObject
        {
            ["eventId"] = eventId ?? Sample.NewId("e"),
            ["tenant"] = tenant,
            ["customerId"] = customer,
            ["type"] = type,
            ["occurredAt"] = IsoTime.Format(at),
        };
        if (caseId is not null) input["caseId"] = caseId;
        if (amount is not null) (input["amount"], input["currency"]) = (amount.Value, "EUR");
        if (dueDate is not null) input["dueDate"] = dueDate;
        if (channel is not null) input["channel"] = channel;
        if (team is not null) input["team"] = team;
        if (actionId is not null) input["actionId"] = actionId;
        if (attributes.Length > 0) input["attributes"] = new JsonArray([.. attributes.Select(a => new JsonObject { ["key"] = a.Key, ["value"] = a.Value })]);
        return input;
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatedHostCollection : ICollectionFixture<SimulatedHostFixture>
{
    public const string Name = "journey host on the simulated clock";
}

/// <summary>Policy documents for scenario tests, written the way a credit manager would.</summary>
public static class Policies
{
    public const string Budget = """
        budget:
          maxContacts: 5
          window: P7D
          minGap: PT1H
          perChannel:
            - channel: PHONE
              max: 1
              window: P1D
        """;

    public static string Webshop(string reminder2Channel = "EMAIL") => $"""
        timeZone: Europe/Amsterdam
        client:
          name: Webshop B.V.
        agency:
          name: CBMK Incasso
          wkiNumber: WKI-2024-0117
        ladder:
          - id: reminder-1
            after: P1D
            kind: REMINDER
            channel: EMAIL
          - id: reminder-2
            after: P7D
            kind: REMINDER
            channel: {reminder2Channel}
          - id: letter
            after: P7D
            kind: FINAL_NOTICE
            channel: LETTER
          - id: call
            after: P5D
            kind: CALL_TASK
            channel: PHONE
          - id: handover
            after: P14D
            kind: HANDOVER_TO_COLLECTION
            channel: LETTER
            sender: AGENCY
          - id: agency-reminder
            after: P7D
            kind: REMINDER
            channel: EMAIL
            sender: AGENCY
        {Budget}
        """;
}

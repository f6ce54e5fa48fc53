using System.Text.Json;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Grains.Storage;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Grains;

/// <summary>The source-generated snapshot and log formats keep every field the reflection-based grain-state serializer keeps.</summary>
public class CustomerJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.General);

    [Fact]
    public void A_customer_with_cases_holds_actions_promises_feedback_and_flags_survives_a_snapshot_round_trip()
    {
        var policy = PolicyParser.Parse("webshop", File.ReadAllText(Path.Combine(Repository.Root, "policies", "webshop.yaml"))).Policy! with { Version = 3 };
        var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
        Touchpoint Make(string id, TouchpointType type, string? caseId = null, decimal? amount = null, DateOnly? due = null, Channel? channel = null, params (string, string)[] attributes) =>
            new(id, "webshop", "c-json", caseId, type, at, channel, null, amount, amount is null ? null : "EUR", due, null, [.. attributes.Select(a => new TouchpointAttribute(a.Item1, a.Item2))]);

        var state = CustomerJourney.Empty("webshop", "c-json");
        var step = JourneyStep.Touchpoints(state, [
            Make("inv-1", TouchpointType.INVOICE_ISSUED, "order-1", 120m, new DateOnly(2026, 2, 20), attributes: ("debtorType", "CONSUMER")),
            Make("inv-2", TouchpointType.INVOICE_ISSUED, "order-2", 80m, new DateOnly(2026, 3, 30)),
            Make("pay-1", TouchpointType.PAYMENT_RECEIVED, "order-1", 20m),
            Make("cmp-1", TouchpointType.COMPLAINT_OPENED, "order-2", attributes: ("reason", "damaged")),
            Make("ptp-1", TouchpointType.PROMISE_TO_PAY, "order-1", 50m, new DateOnly(2026, 3, 20)),
            Make("flag-1", TouchpointType.CUSTOMER_FLAGGED, attributes: [("flag", "VULNERABLE"), ("value", "true")]),
            Make("consent-1", TouchpointType.CONSENT_CHANGED, channel: Channel.SMS, attributes: ("granted", "false")),
            Make("adv-1", TouchpointType.ADVANCE_AMOUNT_CHANGED, amount: 40m, attributes: ("expectedAmount", "90.00")),
        ], policy, at, JourneySettings.Default);
        state = JourneyStep.Wake(step.State, policy, at.AddDays(40), JourneySettings.Default).State;
        Assert.NotEmpty(state.Actions.Concat(state.Suppressed));
        Assert.NotEmpty(state.PendingStatistics);

        var snapshot = JsonSerializer.SerializeToUtf8Bytes(state, CustomerJson.Default.CustomerState);
        var back = JsonSerializer.Deserialize(snapshot, CustomerJson.Default.CustomerState)!;

        Assert.Equal(JsonSerializer.Serialize(state, Reflection), JsonSerializer.Serialize(back, Reflection));
    }

    [Fact]
    public void A_log_entry_keeps_its_touchpoints_moment_policy_and_version()
    {
        var entry = new CustomerLogEntry
        {
            Kind = StepKind.Booking,
            Now = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)),
            PolicyTenant = "default",
            PolicyVersion = 4,
            Version = 17,
            Team = Team.SERVICE,
            Channel = Channel.PHONE,
            Purpose = "order question",
            Touchpoints = [new Touchpoint("e-1", "webshop", "c-1", "order-1", TouchpointType.PAYMENT_RECEIVED, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)), Channel.WEB, Team.BILLING, 12.50m, "EUR", null, null, [new TouchpointAttribute("reference", "x")])],
        };

        var back = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(entry, CustomerJson.Default.CustomerLogEntry), CustomerJson.Default.CustomerLogEntry)!;

        Assert.Equal(JsonSerializer.Serialize(entry, Reflection), JsonSerializer.Serialize(back, Reflection));
        Assert.Equal((StepKind.Booking, 17L, 4, Team.SERVICE), (back.Kind, back.Version, back.PolicyVersion, back.Team));
    }
}

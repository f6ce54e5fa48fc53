using System.Reflection;
using GraphQL.Types;
using Journey.Api.Wire;
using Journey.Domain;
using V1 = Journey.Api.V1;

namespace Journey.Tests.Api;

/// <summary>
/// The wire catalogue (api/Wire): a field declared once is served by both APIs, each in its own form, and a catalogue
/// that disagrees with its proto message fails when it is built. The payment below is written by hand; the expected
/// values are the contract's forms (ISO-8601 text, decimal strings with two places, enum names).
/// </summary>
public class WireCatalogueTests
{
    private sealed record Receipt(string Id, decimal Amount, DateTimeOffset At);

    private static readonly Receipt Paid = new("pay-1", 12.5m, new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(1)));

    private static WireType<Receipt, V1.Payment> ReceiptWire() => new WireType<Receipt, V1.Payment>("Receipt")
        .Text("eventId", r => r.Id, required: true)
        .Money("amount", r => r.Amount, required: true)
        .Time("receivedAt", r => r.At, required: true, description: "When it arrived.");

    [Fact]
    public void A_field_declared_once_fills_the_proto_message_and_becomes_a_GraphQL_field()
    {
        var wire = ReceiptWire();

        var message = wire.ToMessage(Paid);
        var graph = new ObjectGraphType<Receipt>();
        wire.AddTo(graph);

        Assert.Equal(new V1.Payment { EventId = "pay-1", Amount = "12.50", ReceivedAt = "2026-03-02T09:30:00+01:00" }, message);
        Assert.Equal("Receipt", graph.Name);
        Assert.Equal(["eventId", "amount", "receivedAt"], graph.Fields.Select(f => f.Name));
        Assert.Equal([typeof(NonNullGraphType<StringGraphType>), typeof(NonNullGraphType<DecimalGraphType>), typeof(NonNullGraphType<StringGraphType>)], graph.Fields.Select(f => f.Type));
        Assert.Equal("When it arrived.", graph.Fields.Single(f => f.Name == "receivedAt").Description);
    }

    [Fact]
    public void A_field_the_proto_lacks_is_refused_by_name_unless_declared_GraphQL_only()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ReceiptWire().Text("note", _ => "x"));
        Assert.Contains("Receipt.note has no proto field Payment.note", refused.Message, StringComparison.Ordinal);

        var wire = ReceiptWire().GraphQLOnly("note", "a test's own field");
        var graph = new ObjectGraphType<Receipt>();
        wire.AddTo(graph, new Dictionary<string, Action<ObjectGraphType<Receipt>>> { ["note"] = type => type.Field<StringGraphType>("note").Resolve(_ => "x") });
        Assert.Equal(["eventId", "amount", "receivedAt", "note"], graph.Fields.Select(f => f.Name));

        var missingBuilder = Assert.Throws<InvalidOperationException>(() => ReceiptWire().GraphQLOnly("note", "a test's own field").AddTo(new ObjectGraphType<Receipt>()));
        Assert.Contains("note", missingBuilder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proto_field_nothing_fills_fails_at_first_use_by_name()
    {
        var wire = new WireType<Receipt, V1.Payment>("Receipt").Text("eventId", r => r.Id, required: true);

        var unfilled = Assert.Throws<InvalidOperationException>(() => wire.ToMessage(Paid));

        Assert.Contains("proto fields nothing fills: amount, received_at", unfilled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_go_to_proto_enums_by_their_contract_name_and_to_text_where_the_proto_field_is_text()
    {
        var consent = new WireType<ChannelConsent, V1.Consent>("Consent")
            .Choice("channel", c => c.Channel)
            .Flag("granted", c => c.Granted)
            .Time("changedAt", c => c.ChangedAt, required: true);
        var hold = new WireType<Hold, V1.Hold>("Hold")
            .Text("holdId", h => h.HoldId, required: true)
            .Choice("kind", h => h.Kind)
            .Text("reason", h => h.Reason, required: true)
            .Text("caseId", h => h.CaseId)
            .Time("openedAt", h => h.OpenedAt, required: true);
        var at = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(V1.Channel.Sms, consent.ToMessage(new ChannelConsent(Channel.SMS, true, at)).Channel);
        var message = hold.ToMessage(new Hold("cmp-1", HoldKind.COMPLAINT, null, "leak", at));
        Assert.Equal("COMPLAINT", message.Kind);
        Assert.Equal("", message.CaseId);
        Assert.Equal("2026-01-05T08:00:00+00:00", message.OpenedAt);
    }

    [Fact]
    public void Every_served_catalogue_agrees_with_its_proto_message()
    {
        var catalogues = typeof(WireType<,>).Assembly.GetTypes()
            .Where(t => t.Namespace == "Journey.Api.Wire" && t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(WireType<,>))
            .ToList();

        Assert.True(catalogues.Count >= 15, $"{catalogues.Count} catalogues found");
        foreach (var field in catalogues)
        {
            field.FieldType.GetMethod("Check")!.Invoke(field.GetValue(null), null);
        }
    }
}

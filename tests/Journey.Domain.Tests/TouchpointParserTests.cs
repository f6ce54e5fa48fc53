using Journey.Domain;

namespace Journey.Domain.Tests;

public class TouchpointParserTests
{
    private static readonly RawTouchpoint Valid = new(
        "e-1", "webshop", "c-1", "inv-1", "INVOICE_ISSUED", "2026-03-01T09:30:00+01:00", "EMAIL", "BILLING",
        "100.00", "EUR", "2026-03-15", null, [new("debtorType", "CONSUMER")]);

    [Fact]
    public void A_valid_touchpoint_parses_with_every_field()
    {
        var result = TouchpointParser.Parse(Valid);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var touchpoint = result.Touchpoint!;
        Assert.Equal(TouchpointType.INVOICE_ISSUED, touchpoint.Type);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(1)), touchpoint.OccurredAt);
        Assert.Equal(TimeSpan.FromHours(1), touchpoint.OccurredAt.Offset);
        Assert.Equal((Channel.EMAIL, Team.BILLING, 100.00m, "EUR"), (touchpoint.Channel!.Value, touchpoint.Team!.Value, touchpoint.Amount!.Value, touchpoint.Currency));
        Assert.Equal(new DateOnly(2026, 3, 15), touchpoint.DueDate);
        Assert.Equal("CONSUMER", touchpoint.Attribute("debtorType"));
    }

    [Theory]
    [InlineData("2026-03-01T09:30:00Z", 0)]
    [InlineData("2026-03-01T09:30:00.125+02:00", 2)]
    [InlineData("2026-03-01T09:30+01:00", 1)]
    public void Times_with_an_offset_parse(string text, int offsetHours)
    {
        var result = TouchpointParser.Parse(Valid with { OccurredAt = text });

        Assert.True(result.IsValid);
        Assert.Equal(TimeSpan.FromHours(offsetHours), result.Touchpoint!.OccurredAt.Offset);
    }

    [Fact]
    public void Enums_and_amounts_an_adapter_already_typed_are_taken_as_given()
    {
        var result = TouchpointParser.Parse(Valid with
        {
            Type = RawEnum.Of<TouchpointType>(TouchpointType.PAYMENT_RECEIVED),
            Channel = RawEnum.Of<Channel>(Channel.SMS),
            Team = RawEnum.Of<Team>(null),
            Amount = RawAmount.Of(12.5m),
        });

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var touchpoint = result.Touchpoint!;
        Assert.Equal((TouchpointType.PAYMENT_RECEIVED, Channel.SMS, (Team?)null, 12.5m), (touchpoint.Type, touchpoint.Channel!.Value, touchpoint.Team, touchpoint.Amount!.Value));
    }

    [Theory]
    [InlineData("-1", "amount")]
    [InlineData("1.123456", "amount")]
    [InlineData("10000000000000", "amount")]
    [InlineData("0", "amount")]
    public void A_typed_amount_meets_the_same_limits_as_a_decimal_string(string amount, string field)
    {
        var typed = TouchpointParser.Parse(Valid with { Amount = RawAmount.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)) });
        var text = TouchpointParser.Parse(Valid with { Amount = amount });

        Assert.Contains(typed.Errors, e => e.Field == field);
        Assert.Equal<FieldError>(text.Errors, typed.Errors);
    }

    [Fact]
    public void A_missing_typed_type_is_required_like_a_missing_name()
    {
        var result = TouchpointParser.Parse(Valid with { Type = RawEnum.Of<TouchpointType>(null) });

        Assert.Equal<FieldError>([new FieldError("type", "is required")], result.Errors);
    }

    public static TheoryData<string, RawTouchpoint, string> Invalid => new()
    {
        { "missing eventId", Valid with { EventId = null }, "eventId" },
        { "empty eventId", Valid with { EventId = "" }, "eventId" },
        { "blank eventId", Valid with { EventId = "   " }, "eventId" },
        { "long eventId", Valid with { EventId = new string('x', 129) }, "eventId" },
        { "missing tenant", Valid with { Tenant = null }, "tenant" },
        { "tenant with slash", Valid with { Tenant = "web/shop" }, "tenant" },
        { "upper-case tenant", Valid with { Tenant = "WebShop" }, "tenant" },
        { "missing customer", Valid with { CustomerId = "" }, "customerId" },
        { "control char in customer", Valid with { CustomerId = "c\n1" }, "customerId" },
        { "missing type", Valid with { Type = null }, "type" },
        { "unknown type", Valid with { Type = "INVOICE_SENT" }, "type" },
        { "numeric type", Valid with { Type = "2" }, "type" },
        { "missing time", Valid with { OccurredAt = null }, "occurredAt" },
        { "time without offset", Valid with { OccurredAt = "2026-03-01T09:30:00" }, "occurredAt" },
        { "date as time", Valid with { OccurredAt = "2026-03-01" }, "occurredAt" },
        { "garbage time", Valid with { OccurredAt = "yesterday" }, "occurredAt" },
        { "unknown channel", Valid with { Channel = "FAX" }, "channel" },
        { "unknown team", Valid with { Team = "LEGAL" }, "team" },
        { "negative amount", Valid with { Amount = "-1.00" }, "amount" },
        { "non-numeric amount", Valid with { Amount = "ten" }, "amount" },
        { "amount with exponent", Valid with { Amount = "1e3" }, "amount" },
        { "huge amount", Valid with { Amount = "10000000000000" }, "amount" },
        { "too many decimals", Valid with { Amount = "1.123456" }, "amount" },
        { "unknown currency", Valid with { Currency = "EUX" }, "currency" },
        { "lower-case currency", Valid with { Currency = "eur" }, "currency" },
        { "amount without currency", Valid with { Currency = null }, "currency" },
        { "bad due date", Valid with { DueDate = "15-03-2026" }, "dueDate" },
        { "invoice without due date", Valid with { DueDate = null }, "dueDate" },
        { "invoice without case", Valid with { CaseId = null }, "caseId" },
        { "invoice without amount", Valid with { Amount = null, Currency = null }, "amount" },
        { "invoice of zero", Valid with { Amount = "0" }, "amount" },
        { "unknown debtor type", Valid with { Attributes = [new("debtorType", "PERSON")] }, "attributes[0].value" },
        { "too many attributes", Valid with { Attributes = [.. Enumerable.Range(0, 33).Select(i => new KeyValuePair<string?, string?>($"k{i}", "v"))] }, "attributes" },
        { "long attribute value", Valid with { Attributes = [new("note", new string('x', 1025))] }, "attributes[0].value" },
        { "long attribute key", Valid with { Attributes = [new(new string('k', 65), "v")] }, "attributes[0].key" },
        { "empty attribute key", Valid with { Attributes = [new("", "v")] }, "attributes[0].key" },
        { "repeated attribute key", Valid with { Attributes = [new("a", "1"), new("a", "2")] }, "attributes[1].key" },
        { "payment without amount", Valid with { Type = "PAYMENT_RECEIVED", Amount = null, Currency = null }, "amount" },
        { "reversal without reference", Valid with { Type = "PAYMENT_REVERSED", Attributes = [] }, "attributes.reference" },
        { "flag without flag", Valid with { Type = "CUSTOMER_FLAGGED", Attributes = [new("value", "true")] }, "attributes.flag" },
        { "unknown flag", Valid with { Type = "CUSTOMER_FLAGGED", Attributes = [new("flag", "RICH"), new("value", "true")] }, "attributes[0].value" },
        { "flag value not boolean", Valid with { Type = "CUSTOMER_FLAGGED", Attributes = [new("flag", "VULNERABLE"), new("value", "yes")] }, "attributes[1].value" },
        { "consent without channel", Valid with { Type = "CONSENT_CHANGED", Channel = null, Attributes = [new("granted", "true")] }, "channel" },
        { "consent without granted", Valid with { Type = "CONSENT_CHANGED", Attributes = [] }, "attributes.granted" },
        { "nps out of range", Valid with { Type = "NPS_RESPONSE", Attributes = [new("score", "11")] }, "attributes[0].value" },
        { "nps not a number", Valid with { Type = "NPS_RESPONSE", Attributes = [new("score", "good")] }, "attributes[0].value" },
        { "promise without date", Valid with { Type = "PROMISE_TO_PAY", DueDate = null }, "dueDate" },
        { "write-off without case", Valid with { Type = "CASE_WRITTEN_OFF", CaseId = null }, "caseId" },
        { "credit note without case", Valid with { Type = "CREDIT_NOTE_ISSUED", CaseId = null }, "caseId" },
        { "advance without amount", Valid with { Type = "ADVANCE_AMOUNT_CHANGED", Amount = null, Currency = null }, "amount" },
        { "advance with bad expectation", Valid with { Type = "ADVANCE_AMOUNT_CHANGED", Attributes = [new("expectedAmount", "lots")] }, "attributes[0].value" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_input_names_the_field(string because, RawTouchpoint raw, string field)
    {
        var result = TouchpointParser.Parse(raw);

        Assert.False(result.IsValid, because);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void Every_wrong_field_is_reported_at_once()
    {
        var result = TouchpointParser.Parse(Valid with { EventId = "", Amount = "-5", Currency = "XXX", OccurredAt = "now" });

        Assert.Equal(["eventId", "occurredAt", "amount", "currency"], result.Errors.Select(e => e.Field).Distinct());
    }
}

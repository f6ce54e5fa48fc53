using Journey.Domain;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class ReceivablesTests
{
    [Fact]
    public void Invoice_opens_a_case_with_its_amount_due_and_due_date()
    {
        var state = Empty.Apply(Invoice("inv-1", 100.00m, new DateOnly(2026, 3, 15), debtorType: "BUSINESS"));

        var @case = Assert.Single(state.Cases);
        Assert.Equal("inv-1", @case.CaseId);
        Assert.Equal(100.00m, @case.AmountDue);
        Assert.Equal(new DateOnly(2026, 3, 15), @case.DueDate);
        Assert.Equal("EUR", @case.Currency);
        Assert.Equal(DebtorType.BUSINESS, @case.DebtorType);
        Assert.True(@case.IsOpen);
    }

    [Fact]
    public void A_second_invoice_for_the_same_case_is_rejected()
    {
        var state = Empty.Apply(Invoice("inv-1", 100m));

        var error = Assert.Single(state.Rejection(Invoice("inv-1", 50m)));
        Assert.Equal("caseId", error.Field);
    }

    [Theory]
    [InlineData(40.00, 60.00, 0.00)]
    [InlineData(100.00, 0.00, 0.00)]
    [InlineData(130.00, 0.00, 30.00)]
    public void Payment_on_a_case_lowers_the_amount_due_and_records_a_surplus(decimal paid, decimal due, decimal overpaid)
    {
        var state = Empty.Apply(Invoice("inv-1", 100.00m), Payment(paid, "inv-1"));

        var @case = state.Cases[0];
        Assert.Equal(due, @case.AmountDue);
        Assert.Equal(overpaid, @case.Overpaid);
        Assert.Equal(paid, @case.AmountPaid);
    }

    [Fact]
    public void Payment_without_case_settles_open_cases_oldest_due_date_first_and_keeps_the_rest_as_credit()
    {
        var state = Empty.Apply(
            Invoice("late", 50m, new DateOnly(2026, 4, 1)),
            Invoice("early", 30m, new DateOnly(2026, 3, 1)),
            Payment(100m));

        Assert.Equal(0m, state.FindCase("early")!.AmountDue);
        Assert.Equal(0m, state.FindCase("late")!.AmountDue);
        var credit = Assert.Single(state.Credits);
        Assert.Equal(20m, credit.Amount);
        Assert.Null(credit.CaseId);
    }

    [Fact]
    public void Payment_without_case_only_settles_cases_in_its_currency()
    {
        var state = Empty.Apply(Invoice("usd", 50m, currency: "USD"), Invoice("eur", 50m), Payment(20m));

        Assert.Equal(50m, state.FindCase("usd")!.AmountDue);
        Assert.Equal(30m, state.FindCase("eur")!.AmountDue);
    }

    [Fact]
    public void Payment_in_another_currency_than_its_case_is_rejected()
    {
        var state = Empty.Apply(Invoice("inv-1", 100m));

        Assert.Equal("currency", Assert.Single(state.Rejection(Payment(10m, "inv-1", currency: "USD"))).Field);
    }

    [Fact]
    public void Payment_ahead_of_its_invoice_settles_the_case_when_the_invoice_arrives()
    {
        var state = Empty.Apply(Payment(25m, "inv-9"));
        Assert.Empty(state.Cases);
        Assert.Equal("inv-9", Assert.Single(state.Credits).CaseId);

        state = state.Apply(Invoice("inv-9", 100m));

        Assert.Equal(75m, state.FindCase("inv-9")!.AmountDue);
        Assert.Empty(state.Credits);
    }

    [Fact]
    public void Customer_credit_settles_a_later_invoice()
    {
        var state = Empty.Apply(Payment(30m), Invoice("inv-1", 100m));

        Assert.Equal(70m, state.FindCase("inv-1")!.AmountDue);
        Assert.Empty(state.Credits);
    }

    [Fact]
    public void Credit_note_lowers_the_amount_due()
    {
        var state = Empty.Apply(Invoice("inv-1", 100m), Make(TouchpointType.CREDIT_NOTE_ISSUED, "inv-1", 15m));

        Assert.Equal(85m, state.Cases[0].AmountDue);
        Assert.Equal(15m, state.Cases[0].AmountCredited);
    }

    [Fact]
    public void Credit_note_for_an_unknown_case_is_rejected()
    {
        Assert.Equal("caseId", Assert.Single(Empty.Rejection(Make(TouchpointType.CREDIT_NOTE_ISSUED, "nope", 15m))).Field);
    }

    [Fact]
    public void Payment_reversal_restores_the_amount_the_payment_settled()
    {
        var state = Empty.Apply(
            Invoice("a", 30m, new DateOnly(2026, 3, 1)),
            Invoice("b", 50m, new DateOnly(2026, 3, 2)),
            Payment(100m, eventId: "pay-1"),
            Make(TouchpointType.PAYMENT_REVERSED, attributes: (AttributeKeys.Reference, "pay-1")));

        Assert.Equal(30m, state.FindCase("a")!.AmountDue);
        Assert.Equal(50m, state.FindCase("b")!.AmountDue);
        Assert.Empty(state.Credits);
    }

    [Fact]
    public void Reversal_of_an_unknown_payment_is_rejected_with_its_reference()
    {
        var errors = Empty.Apply(Invoice("a", 30m)).Rejection(Make(TouchpointType.PAYMENT_REVERSED, attributes: (AttributeKeys.Reference, "nope")));

        Assert.Equal("attributes.reference", Assert.Single(errors).Field);
    }

    [Fact]
    public void Write_off_closes_the_case()
    {
        var state = Empty.Apply(Invoice("inv-1", 100m), Make(TouchpointType.CASE_WRITTEN_OFF, "inv-1"));

        Assert.True(state.Cases[0].IsClosed);
        Assert.Equal(0m, state.Cases[0].AmountDue);
        Assert.Equal(CaseStage.CLOSED, CaseStatus.StageAt(state.Cases[0], Start.AddYears(1), CaseStatus.DefaultZone));
    }
}

public class MoneyTests
{
    [Fact]
    public void Settled_amounts_keep_two_decimals()
    {
        var @case = Touchpoints.Empty.Apply(Touchpoints.Invoice("a", 100m), Touchpoints.Payment(100.00m, "a")).Cases[0];

        Assert.Equal("0.00", @case.AmountDue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.00", @case.Overpaid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.00", (Touchpoints.Empty.Apply(Touchpoints.Invoice("b", 5m)).Cases[0].AmountPaid).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

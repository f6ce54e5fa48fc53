using System.Collections.Immutable;
using System.Globalization;

namespace Journey.Domain;

/// <summary>What each touchpoint type must carry; checked before any state is touched.</summary>
internal static class TouchpointRules
{
    private static readonly string[] DebtorTypes = Enum.GetNames<DebtorType>();
    private static readonly string[] CustomerFlags = Enum.GetNames<CustomerFlag>();

    public static void CheckRequirements(
        TouchpointType type, string? caseId, decimal? amount, DateOnly? dueDate, Channel? channel,
        ImmutableArray<TouchpointAttribute> attributes, ref FieldErrors errors)
    {
        string? Attr(string key)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Key == key)
                {
                    return attribute.Value;
                }
            }

            return null;
        }

        switch (type)
        {
            case TouchpointType.INVOICE_ISSUED:
                Require(caseId is not null, "caseId", "is required on INVOICE_ISSUED", ref errors);
                Require(amount is not null, "amount", "is required on INVOICE_ISSUED", ref errors);
                Require(amount is not 0m, "amount", "must be greater than zero on INVOICE_ISSUED", ref errors, onlyIf: amount is not null);
                Require(dueDate is not null, "dueDate", "is required on INVOICE_ISSUED", ref errors);
                CheckOneOf(Attr(AttributeKeys.DebtorType), AttributeKeys.DebtorType, DebtorTypes, attributes, ref errors);
                break;
            case TouchpointType.PAYMENT_RECEIVED:
                Require(amount is > 0m, "amount", "is required and must be greater than zero on PAYMENT_RECEIVED", ref errors);
                break;
            case TouchpointType.CREDIT_NOTE_ISSUED:
                Require(caseId is not null, "caseId", "is required on CREDIT_NOTE_ISSUED", ref errors);
                Require(amount is > 0m, "amount", "is required and must be greater than zero on CREDIT_NOTE_ISSUED", ref errors);
                break;
            case TouchpointType.PAYMENT_REVERSED:
                RequireAttribute(Attr(AttributeKeys.Reference), AttributeKeys.Reference, "names the reversed payment's eventId", attributes, ref errors);
                break;
            case TouchpointType.CASE_WRITTEN_OFF:
                Require(caseId is not null, "caseId", "is required on CASE_WRITTEN_OFF", ref errors);
                break;
            case TouchpointType.PROMISE_TO_PAY:
                Require(dueDate is not null, "dueDate", "is required on PROMISE_TO_PAY (the promised date)", ref errors);
                break;
            case TouchpointType.DISPUTE_RESOLVED:
                CheckOneOf(Attr(AttributeKeys.Outcome), AttributeKeys.Outcome, [DisputeOutcomes.Upheld, DisputeOutcomes.Rejected], attributes, ref errors);
                CheckOneOf(Attr(AttributeKeys.Settlement), AttributeKeys.Settlement, [DisputeOutcomes.CreditNote, DisputeOutcomes.WriteOff], attributes, ref errors);
                if (Attr(AttributeKeys.Settlement) is { Length: > 0 } && Attr(AttributeKeys.Outcome) != DisputeOutcomes.Upheld)
                {
                    errors.Add(new(AttributePath(attributes, AttributeKeys.Settlement, "value"), "settles an UPHELD dispute only (outcome UPHELD)"));
                }

                break;
            case TouchpointType.CUSTOMER_FLAGGED:
                RequireAttribute(Attr(AttributeKeys.Flag), AttributeKeys.Flag, "is required on CUSTOMER_FLAGGED", attributes, ref errors);
                CheckOneOf(Attr(AttributeKeys.Flag), AttributeKeys.Flag, CustomerFlags, attributes, ref errors);
                RequireAttribute(Attr(AttributeKeys.Value), AttributeKeys.Value, "is required on CUSTOMER_FLAGGED", attributes, ref errors);
                CheckOneOf(Attr(AttributeKeys.Value), AttributeKeys.Value, ["true", "false"], attributes, ref errors);
                break;
            case TouchpointType.CONSENT_CHANGED:
                Require(channel is not null, "channel", "is required on CONSENT_CHANGED", ref errors);
                RequireAttribute(Attr(AttributeKeys.Granted), AttributeKeys.Granted, "is required on CONSENT_CHANGED", attributes, ref errors);
                CheckOneOf(Attr(AttributeKeys.Granted), AttributeKeys.Granted, ["true", "false"], attributes, ref errors);
                break;
            case TouchpointType.CONTACT_DETAILS_CHANGED:
                ContactDetailsRules.Check(attributes, ref errors);
                break;
            case TouchpointType.NPS_RESPONSE:
                var score = Attr(AttributeKeys.Score);
                RequireAttribute(score, AttributeKeys.Score, "is required on NPS_RESPONSE", attributes, ref errors);
                if (score is not null && !(int.TryParse(score, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 10))
                {
                    errors.Add(new(AttributePath(attributes, AttributeKeys.Score, "value"), "must be a whole number from 0 to 10"));
                }

                break;
            case TouchpointType.ADVANCE_AMOUNT_CHANGED:
                Require(amount is not null, "amount", "is required on ADVANCE_AMOUNT_CHANGED (the new advance)", ref errors);
                var expected = Attr(AttributeKeys.ExpectedAmount);
                if (expected is not null && !(decimal.TryParse(expected, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var e) && e >= 0))
                {
                    errors.Add(new(AttributePath(attributes, AttributeKeys.ExpectedAmount, "value"), "must be a non-negative decimal number"));
                }

                break;
        }
    }

    private static void Require(bool condition, string field, string message, ref FieldErrors errors, bool onlyIf = true)
    {
        if (onlyIf && !condition && !errors.Has(field))
        {
            errors.Add(new(field, message));
        }
    }

    private static void RequireAttribute(string? value, string key, string message, ImmutableArray<TouchpointAttribute> attributes, ref FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new($"attributes.{key}", message));
        }
    }

    private static void CheckOneOf(string? value, string key, IReadOnlyCollection<string> allowed, ImmutableArray<TouchpointAttribute> attributes, ref FieldErrors errors)
    {
        if (!string.IsNullOrEmpty(value) && !allowed.Contains(value))
        {
            errors.Add(new(AttributePath(attributes, key, "value"), $"'{key}' must be one of {string.Join(", ", allowed)}"));
        }
    }

    internal static string AttributePath(ImmutableArray<TouchpointAttribute> attributes, string key, string part)
    {
        var index = attributes.IndexOf(attributes.FirstOrDefault(a => a.Key == key)!);
        return index >= 0 ? $"attributes[{index}].{part}" : $"attributes.{key}";
    }
}

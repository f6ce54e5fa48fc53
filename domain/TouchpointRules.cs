using System.Collections.Immutable;
using System.Globalization;

namespace Journey.Domain;

/// <summary>What each touchpoint type must carry; checked before any state is touched.</summary>
internal static class TouchpointRules
{
    public static void CheckRequirements(
        TouchpointType type, string? caseId, decimal? amount, DateOnly? dueDate, Channel? channel,
        ImmutableArray<TouchpointAttribute> attributes, ImmutableArray<FieldError>.Builder errors)
    {
        string? Attr(string key) => attributes.FirstOrDefault(a => a.Key == key)?.Value;

        switch (type)
        {
            case TouchpointType.INVOICE_ISSUED:
                Require(caseId is not null, "caseId", "is required on INVOICE_ISSUED", errors);
                Require(amount is not null, "amount", "is required on INVOICE_ISSUED", errors);
                Require(amount is not 0m, "amount", "must be greater than zero on INVOICE_ISSUED", errors, onlyIf: amount is not null);
                Require(dueDate is not null, "dueDate", "is required on INVOICE_ISSUED", errors);
                CheckOneOf(Attr(AttributeKeys.DebtorType), AttributeKeys.DebtorType, Enum.GetNames<DebtorType>(), attributes, errors);
                break;
            case TouchpointType.PAYMENT_RECEIVED:
                Require(amount is > 0m, "amount", "is required and must be greater than zero on PAYMENT_RECEIVED", errors);
                break;
            case TouchpointType.CREDIT_NOTE_ISSUED:
                Require(caseId is not null, "caseId", "is required on CREDIT_NOTE_ISSUED", errors);
                Require(amount is > 0m, "amount", "is required and must be greater than zero on CREDIT_NOTE_ISSUED", errors);
                break;
            case TouchpointType.PAYMENT_REVERSED:
                RequireAttribute(Attr(AttributeKeys.Reference), AttributeKeys.Reference, "names the reversed payment's eventId", attributes, errors);
                break;
            case TouchpointType.CASE_WRITTEN_OFF:
                Require(caseId is not null, "caseId", "is required on CASE_WRITTEN_OFF", errors);
                break;
            case TouchpointType.PROMISE_TO_PAY:
                Require(dueDate is not null, "dueDate", "is required on PROMISE_TO_PAY (the promised date)", errors);
                break;
            case TouchpointType.CUSTOMER_FLAGGED:
                RequireAttribute(Attr(AttributeKeys.Flag), AttributeKeys.Flag, "is required on CUSTOMER_FLAGGED", attributes, errors);
                CheckOneOf(Attr(AttributeKeys.Flag), AttributeKeys.Flag, Enum.GetNames<CustomerFlag>(), attributes, errors);
                RequireAttribute(Attr(AttributeKeys.Value), AttributeKeys.Value, "is required on CUSTOMER_FLAGGED", attributes, errors);
                CheckOneOf(Attr(AttributeKeys.Value), AttributeKeys.Value, ["true", "false"], attributes, errors);
                break;
            case TouchpointType.CONSENT_CHANGED:
                Require(channel is not null, "channel", "is required on CONSENT_CHANGED", errors);
                RequireAttribute(Attr(AttributeKeys.Granted), AttributeKeys.Granted, "is required on CONSENT_CHANGED", attributes, errors);
                CheckOneOf(Attr(AttributeKeys.Granted), AttributeKeys.Granted, ["true", "false"], attributes, errors);
                break;
            case TouchpointType.NPS_RESPONSE:
                var score = Attr(AttributeKeys.Score);
                RequireAttribute(score, AttributeKeys.Score, "is required on NPS_RESPONSE", attributes, errors);
                if (score is not null && !(int.TryParse(score, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 10))
                {
                    errors.Add(new(AttributePath(attributes, AttributeKeys.Score, "value"), "must be a whole number from 0 to 10"));
                }

                break;
            case TouchpointType.ADVANCE_AMOUNT_CHANGED:
                Require(amount is not null, "amount", "is required on ADVANCE_AMOUNT_CHANGED (the new advance)", errors);
                var expected = Attr(AttributeKeys.ExpectedAmount);
                if (expected is not null && !(decimal.TryParse(expected, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var e) && e >= 0))
                {
                    errors.Add(new(AttributePath(attributes, AttributeKeys.ExpectedAmount, "value"), "must be a non-negative decimal number"));
                }

                break;
        }
    }

    private static void Require(bool condition, string field, string message, ImmutableArray<FieldError>.Builder errors, bool onlyIf = true)
    {
        if (onlyIf && !condition && !errors.Any(e => e.Field == field))
        {
            errors.Add(new(field, message));
        }
    }

    private static void RequireAttribute(string? value, string key, string message, ImmutableArray<TouchpointAttribute> attributes, ImmutableArray<FieldError>.Builder errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new($"attributes.{key}", message));
        }
    }

    private static void CheckOneOf(string? value, string key, IReadOnlyCollection<string> allowed, ImmutableArray<TouchpointAttribute> attributes, ImmutableArray<FieldError>.Builder errors)
    {
        if (!string.IsNullOrEmpty(value) && !allowed.Contains(value))
        {
            errors.Add(new(AttributePath(attributes, key, "value"), $"'{key}' must be one of {string.Join(", ", allowed)}"));
        }
    }

    private static string AttributePath(ImmutableArray<TouchpointAttribute> attributes, string key, string part)
    {
        var index = attributes.IndexOf(attributes.FirstOrDefault(a => a.Key == key)!);
        return index >= 0 ? $"attributes[{index}].{part}" : $"attributes.{key}";
    }
}

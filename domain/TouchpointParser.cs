using System.Collections.Immutable;
using System.Globalization;

namespace Journey.Domain;

/// <summary>
/// Turns raw adapter input into a <see cref="Touchpoint"/>, or names every field that is wrong.
/// The one place where gRPC and GraphQL input rules live, so both answer alike.
/// </summary>
public static class TouchpointParser
{
    public static ParseResult Parse(RawTouchpoint raw, TouchpointLimits? limits = null)
    {
        limits ??= TouchpointLimits.Default;
        var errors = default(FieldErrors);

        var eventId = RequiredId(raw.EventId, "eventId", limits.MaxIdLength, ref errors);
        var tenant = Tenant(raw.Tenant, limits, ref errors);
        var customerId = RequiredId(raw.CustomerId, "customerId", limits.MaxIdLength, ref errors);
        var caseId = OptionalId(raw.CaseId, "caseId", limits.MaxIdLength, ref errors);
        var actionId = OptionalId(raw.ActionId, "actionId", limits.MaxIdLength, ref errors);
        var type = RequiredEnum(raw.Type, "type", ref errors);
        var occurredAt = Instant(raw.OccurredAt, "occurredAt", ref errors);
        var channel = OptionalEnum(raw.Channel, "channel", ref errors);
        var team = OptionalEnum(raw.Team, "team", ref errors);
        var amount = Amount(raw.Amount, limits, ref errors);
        var currency = Currency(raw.Currency, ref errors);
        var dueDate = Date(raw.DueDate, "dueDate", ref errors);
        var attributes = Attributes(raw.Attributes, limits, ref errors);

        if (amount is not null && currency is null && !errors.Has("currency"))
        {
            errors.Add(new("currency", "is required with an amount (ISO 4217, e.g. EUR)"));
        }

        if (type is { } t)
        {
            TouchpointRules.CheckRequirements(t, caseId, amount, dueDate, channel, attributes, ref errors);
        }

        if (errors.Count > 0)
        {
            return new ParseResult(null, errors.ToImmutable());
        }

        var touchpoint = new Touchpoint(
            eventId!, tenant!, customerId!, caseId, type!.Value, occurredAt!.Value, channel, team,
            amount, currency, dueDate, actionId, attributes);
        return new ParseResult(touchpoint, []);
    }

    /// <summary>
    /// What is wrong with a (tenant, id) pair an API is asked to look up, by the rules a touchpoint's
    /// own tenant and ids follow: empty when nothing is. Every read and command checks keys with this.
    /// </summary>
    public static ImmutableArray<FieldError> KeyErrors(string? tenant, string tenantField, string? id, string idField, TouchpointLimits? limits = null)
    {
        limits ??= TouchpointLimits.Default;
        var errors = default(FieldErrors);
        Tenant(tenant, limits, ref errors, tenantField);
        RequiredId(id, idField, limits.MaxIdLength, ref errors);
        return errors.ToImmutable();
    }

    /// <summary>What is wrong with a tenant an API is asked to act for: empty when nothing is.</summary>
    public static ImmutableArray<FieldError> TenantErrors(string? tenant, string field = "tenant", TouchpointLimits? limits = null)
    {
        var errors = default(FieldErrors);
        Tenant(tenant, limits ?? TouchpointLimits.Default, ref errors, field);
        return errors.ToImmutable();
    }

    public static bool IsValidTenant(string? tenant, TouchpointLimits? limits = null)
    {
        limits ??= TouchpointLimits.Default;
        if (string.IsNullOrEmpty(tenant) || tenant.Length > limits.MaxTenantLength || !char.IsAsciiLetterOrDigit(tenant[0]))
        {
            return false;
        }

        foreach (var c in tenant)
        {
            if (!IsTenantChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTenantChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_';

    private static string? Tenant(string? value, TouchpointLimits limits, ref FieldErrors errors, string field = "tenant")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required"));
            return null;
        }

        if (!IsValidTenant(value, limits))
        {
            errors.Add(new(field, $"must be 1–{limits.MaxTenantLength} characters of a–z, 0–9, '-' or '_', starting with a letter or digit"));
            return null;
        }

        return value;
    }

    private static string? RequiredId(string? value, string field, int maxLength, ref FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required"));
            return null;
        }

        return OptionalId(value, field, maxLength, ref errors);
    }

    private static string? OptionalId(string? value, string field, int maxLength, ref FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(field, $"is longer than {maxLength} characters"));
            return null;
        }

        if (HasControlCharacter(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            errors.Add(new(field, "must not contain control characters or leading/trailing spaces"));
            return null;
        }

        return value;
    }

    private static T? RequiredEnum<T>(RawEnum<T> value, string field, ref FieldErrors errors)
        where T : struct, Enum
    {
        if (value.Value is null && string.IsNullOrWhiteSpace(value.Text))
        {
            errors.Add(new(field, "is required"));
            return null;
        }

        return OptionalEnum(value, field, ref errors);
    }

    private static T? OptionalEnum<T>(RawEnum<T> value, string field, ref FieldErrors errors)
        where T : struct, Enum
    {
        if (value.Value is { } known)
        {
            return known;
        }

        if (string.IsNullOrEmpty(value.Text))
        {
            return null;
        }

        if (EnumNames<T>.TryParse(value.Text, out var parsed))
        {
            return parsed;
        }

        errors.Add(new(field, $"'{Truncate(value.Text)}' is not one of {string.Join(", ", EnumNames<T>.Names)}"));
        return null;
    }

    private static DateTimeOffset? Instant(string? value, string field, ref FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required (ISO-8601 with an offset)"));
            return null;
        }

        if (!IsoTime.TryParseInstant(value, out var instant))
        {
            errors.Add(new(field, $"'{Truncate(value)}' is not an ISO-8601 time with an offset, e.g. 2026-03-01T09:30:00+01:00"));
            return null;
        }

        return instant;
    }

    private static DateOnly? Date(string? value, string field, ref FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new(field, $"'{Truncate(value)}' is not an ISO-8601 date (yyyy-MM-dd)"));
        return null;
    }

    private static decimal? Amount(RawAmount value, TouchpointLimits limits, ref FieldErrors errors)
    {
        decimal amount;
        if (value.Value is { } known)
        {
            amount = known;
        }
        else if (string.IsNullOrEmpty(value.Text))
        {
            return null;
        }
        else if (!decimal.TryParse(value.Text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount))
        {
            errors.Add(new("amount", $"'{Truncate(value.Text)}' is not a decimal number such as 60.00"));
            return null;
        }

        if (amount < 0)
        {
            errors.Add(new("amount", "must not be negative"));
            return null;
        }

        if (amount > limits.MaxAmount)
        {
            errors.Add(new("amount", $"must not exceed {limits.MaxAmount.ToString(CultureInfo.InvariantCulture)}"));
            return null;
        }

        if (amount.Scale > limits.MaxAmountDecimals && decimal.Round(amount, limits.MaxAmountDecimals) != amount)
        {
            errors.Add(new("amount", $"has more than {limits.MaxAmountDecimals} decimals"));
            return null;
        }

        return amount;
    }

    private static string? Currency(string? value, ref FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!CurrencyCodes.IsKnown(value))
        {
            errors.Add(new("currency", $"'{Truncate(value)}' is not an ISO 4217 currency code"));
            return null;
        }

        return SharedStrings.Share(value);
    }

    private static ImmutableArray<TouchpointAttribute> Attributes(
        IReadOnlyList<KeyValuePair<string?, string?>>? raw, TouchpointLimits limits, ref FieldErrors errors)
    {
        if (raw is null || raw.Count == 0)
        {
            return [];
        }

        if (raw.Count > limits.MaxAttributes)
        {
            errors.Add(new("attributes", $"has {raw.Count} entries; at most {limits.MaxAttributes} are allowed"));
            return [];
        }

        var result = ImmutableArray.CreateBuilder<TouchpointAttribute>(raw.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Count; i++)
        {
            var (key, value) = (raw[i].Key, raw[i].Value ?? string.Empty);
            if (string.IsNullOrWhiteSpace(key))
            {
                errors.Add(new($"attributes[{i}].key", "is required"));
            }
            else if (key.Length > limits.MaxAttributeKeyLength)
            {
                errors.Add(new($"attributes[{i}].key", $"is longer than {limits.MaxAttributeKeyLength} characters"));
            }
            else if (!seen.Add(key))
            {
                errors.Add(new($"attributes[{i}].key", $"'{key}' appears more than once"));
            }
            else if (value.Length > limits.MaxAttributeValueLength)
            {
                errors.Add(new($"attributes[{i}].value", $"is longer than {limits.MaxAttributeValueLength} characters"));
            }
            else
            {
                result.Add(new TouchpointAttribute(SharedStrings.Share(key), SharedStrings.Share(value)));
            }
        }

        return result.ToImmutable();
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

internal static class EnumNames<T> where T : struct, Enum
{
    public static readonly string[] Names = Enum.GetNames<T>();

    // Only the names themselves are accepted: Enum.TryParse would also take "3" or "a, b".
    public static bool TryParse(string value, out T result)
    {
        if (Array.IndexOf(Names, value) >= 0)
        {
            result = Enum.Parse<T>(value);
            return true;
        }

        result = default;
        return false;
    }
}

using System.Collections.Immutable;

namespace Journey.Domain;

/// <summary>
/// A touchpoint as an adapter received it, nothing trusted yet: text where the wire carries text, and
/// enums and amounts as the adapter's own protocol already typed them (gRPC enums, GraphQL enums and
/// decimals), so that nothing is formatted only to be parsed again.
/// </summary>
public sealed record RawTouchpoint(
    string? EventId,
    string? Tenant,
    string? CustomerId,
    string? CaseId,
    RawEnum<TouchpointType> Type,
    string? OccurredAt,
    RawEnum<Channel> Channel,
    RawEnum<Team> Team,
    RawAmount Amount,
    string? Currency,
    string? DueDate,
    string? ActionId,
    IReadOnlyList<KeyValuePair<string?, string?>>? Attributes);

/// <summary>An enum field as received: a value the adapter already knows, a name still to check, or nothing.</summary>
public readonly record struct RawEnum<T>(T? Value, string? Text)
    where T : struct, Enum
{
    public static implicit operator RawEnum<T>(string? text) => new(null, text);
}

public static class RawEnum
{
    public static RawEnum<T> Of<T>(T? value)
        where T : struct, Enum => new(value, null);
}

/// <summary>An amount as received: a decimal the adapter already parsed, a decimal string still to check, or nothing.</summary>
public readonly record struct RawAmount(decimal? Value, string? Text)
{
    public static RawAmount Of(decimal? value) => new(value, null);

    public static implicit operator RawAmount(string? text) => new(null, text);
}

/// <summary>One thing wrong with an input, named by its field as clients spell it (camelCase).</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Input limits; documented in docs/ingest.md.</summary>
public sealed record TouchpointLimits
{
    public int MaxIdLength { get; init; } = 128;
    public int MaxTenantLength { get; init; } = 64;
    public int MaxAttributes { get; init; } = 32;
    public int MaxAttributeKeyLength { get; init; } = 64;
    public int MaxAttributeValueLength { get; init; } = 1024;
    public decimal MaxAmount { get; init; } = 1_000_000_000_000m;
    public int MaxAmountDecimals { get; init; } = 4;

    public static TouchpointLimits Default { get; } = new();
}

public readonly record struct ParseResult(Touchpoint? Touchpoint, ImmutableArray<FieldError> Errors)
{
    public bool IsValid => Touchpoint is not null;
}

/// <summary>The errors found so far; nothing is allocated until the first one.</summary>
internal struct FieldErrors
{
    private ImmutableArray<FieldError>.Builder? _items;

    public readonly int Count => _items?.Count ?? 0;

    public void Add(FieldError error) => (_items ??= ImmutableArray.CreateBuilder<FieldError>()).Add(error);

    public readonly bool Has(string field)
    {
        if (_items is null)
        {
            return false;
        }

        foreach (var error in _items)
        {
            if (error.Field == field)
            {
                return true;
            }
        }

        return false;
    }

    public readonly ImmutableArray<FieldError> ToImmutable() => _items?.ToImmutable() ?? [];
}

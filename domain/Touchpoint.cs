using System.Collections.Immutable;

namespace Journey.Domain;

public sealed record TouchpointAttribute(string Key, string Value);

/// <summary>
/// Something that happened to a customer, reported by a backend system. Validated and
/// normalised by <see cref="TouchpointParser"/>; immutable from then on.
/// </summary>
public sealed record Touchpoint(
    string EventId,
    string Tenant,
    string CustomerId,
    string? CaseId,
    TouchpointType Type,
    DateTimeOffset OccurredAt,
    Channel? Channel,
    Team? Team,
    decimal? Amount,
    string? Currency,
    DateOnly? DueDate,
    string? ActionId,
    ImmutableArray<TouchpointAttribute> Attributes)
{
    /// <summary>When the engine took it in (business clock). Replays run each touchpoint at this moment, as the live engine did.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Its place among the customer's touchpoints in the order the engine took them in; replays keep that order.</summary>
    public long? Arrival { get; init; }

    public string? Attribute(string key)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Key, key, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }
}

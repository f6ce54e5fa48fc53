using System.Collections.Immutable;

namespace Journey.Abstractions.Audit;

[GenerateSerializer, Alias("journey.AuditTrailState")]
public sealed record AuditTrailState
{
    /// <summary>The newest lines, oldest first; a full page moves to a page grain.</summary>
    [Id(0)]
    public ImmutableArray<AuditEntry> Recent { get; init; } = [];

    [Id(1)]
    public int Pages { get; init; }

    [Id(2)]
    public long Sequence { get; init; }
}

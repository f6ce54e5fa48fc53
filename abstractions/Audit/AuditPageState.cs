using System.Collections.Immutable;

namespace Journey.Abstractions.Audit;

[GenerateSerializer, Alias("journey.AuditPageState")]
public sealed record AuditPageState
{
    [Id(0)]
    public ImmutableArray<AuditEntry> Entries { get; init; } = [];
}

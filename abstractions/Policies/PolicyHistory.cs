using System.Collections.Immutable;
using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

[GenerateSerializer, Alias("journey.PolicyHistory")]
public sealed record PolicyHistory
{
    [Id(0)]
    public ImmutableArray<PolicyVersion> Versions { get; init; } = [];
}

using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

[GenerateSerializer, Alias("journey.WorklistShard")]
public sealed record WorklistShardState
{
    [Id(0)]
    public ImmutableDictionary<string, WorklistCustomer> Customers { get; init; } = ImmutableDictionary<string, WorklistCustomer>.Empty;

    [Id(1)]
    public ImmutableDictionary<string, WorklistLease> Leases { get; init; } = ImmutableDictionary<string, WorklistLease>.Empty;

    [Id(2)]
    public ImmutableDictionary<string, WorklistDone> Done { get; init; } = ImmutableDictionary<string, WorklistDone>.Empty;

    /// <summary>Items taken and completed, by "{team}|{agent}" (the item's team): what each collector worked.</summary>
    [Id(3)]
    public ImmutableDictionary<string, WorklistWork> Work { get; init; } = ImmutableDictionary<string, WorklistWork>.Empty;
}

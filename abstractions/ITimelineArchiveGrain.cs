using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;
using Orleans.Concurrency;

namespace Journey.Abstractions;

/// <summary>One archived page of a customer's timeline; written once, read by export and replay.</summary>
[Alias("journey.ITimelineArchiveGrain")]
public interface ITimelineArchiveGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(ImmutableArray<Touchpoint> touchpoints);

    [Alias("Read")]
    Task<ImmutableArray<Touchpoint>> Read();

    [Alias("Clear")]
    Task Clear();
}

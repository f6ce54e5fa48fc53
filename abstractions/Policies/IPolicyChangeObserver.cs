using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

/// <summary>A silo's policy cache, told when a tenant's policy changes.</summary>
[Alias("journey.IPolicyChangeObserver")]
public interface IPolicyChangeObserver : IGrainObserver
{
    [Alias("PolicyChanged")]
    Task PolicyChanged(string tenant);
}

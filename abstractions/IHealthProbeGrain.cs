using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>Writes to the journey grain storage, so readiness knows storage answers.</summary>
[Alias("journey.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithStringKey
{
    [Alias("Probe")]
    Task Probe();
}

namespace Journey.Grains;

[GenerateSerializer, Alias("journey.HealthProbe")]
public sealed record HealthProbe
{
    [Id(0)]
    public DateTimeOffset CheckedAt { get; init; }
}

/// <summary>Writes to the journey grain storage, so readiness knows storage answers.</summary>
[Alias("journey.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithStringKey
{
    [Alias("Probe")]
    Task Probe();
}

public sealed class HealthProbeGrain(
    [PersistentState("health-probe", StorageNames.Journey)] IPersistentState<HealthProbe> probe) : Grain, IHealthProbeGrain
{
    public async Task Probe()
    {
        probe.State = new HealthProbe { CheckedAt = DateTimeOffset.UtcNow };
        await probe.WriteStateAsync();
    }
}

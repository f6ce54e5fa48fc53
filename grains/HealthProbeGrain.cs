namespace Journey.Grains;

[GenerateSerializer, Alias("journey.HealthProbe")]
public sealed record HealthProbe
{
    [Id(0)]
    public DateTimeOffset CheckedAt { get; init; }
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

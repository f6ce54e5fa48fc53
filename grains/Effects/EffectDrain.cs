namespace Journey.Grains.Effects;

/// <summary>At shutdown, effects still queued are delivered while the silo can still call grains.</summary>
public sealed class EffectDrain(EffectDispatcher effects) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EffectDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => effects.DrainAsync(TimeSpan.FromSeconds(10)));
}

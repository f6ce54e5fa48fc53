using Microsoft.Extensions.Logging;

namespace Journey.Grains.Effects;

/// <summary>
/// Finds customers whose effect markers outlived the silo that set them — the effects of an
/// acknowledged step that died with that silo's memory — and asks each customer to offer them again
/// (its activation offers what its state says was dispatched and not yet counted; the targets
/// deduplicate). Every silo looks, a few times per <see cref="EffectOptions.RecoverAfter"/>; two silos
/// asking the same customer cost a call, not a duplicate.
/// </summary>
public sealed class EffectRecovery(IGrainFactory grains, Storage.ICustomerStore store, EffectOptions options, TimeProvider time, ILogger<EffectRecovery> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const int Page = 512;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EffectRecovery), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RunAsync()
    {
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, options.RecoverAfter.Ticks / 4));
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SweepAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SweepAsync()
    {
        try
        {
            var before = time.GetUtcNow().Subtract(options.RecoverAfter).ToUnixTimeMilliseconds();
            var unsettled = await store.UnsettledAsync(before, Page);
            if (unsettled.Count == 0)
            {
                return;
            }

            logger.LogInformation("Recovering the effects of {Count} customers whose markers are older than {RecoverAfter}", unsettled.Count, options.RecoverAfter);
            JourneyMetrics.EffectsRecovered(unsettled.Count);
            await Parallel.ForEachAsync(unsettled, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = _stop.Token },
                async (marker, _) => await grains.Customer(marker.CustomerKey).RecoverEffects(marker.MarkedAt));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Recovering effects failed; the next round tries again");
        }
    }
}

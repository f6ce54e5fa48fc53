using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

/// <summary>
/// The silo's preview work, shared by every preview running on it: at most
/// <see cref="PreviewOptions.Workers"/> batches at once, and each holds its slot for a pause after its
/// work so that previews together use at most <see cref="PreviewOptions.Share"/> of those slots' time.
/// </summary>
public sealed class PreviewWorkers(Microsoft.Extensions.Options.IOptions<PreviewOptions> options)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.Workers));

    /// <summary>Runs <paramref name="work"/> in a slot, hands its result to <paramref name="completed"/> (in the caller's context), then pauses before freeing the slot.</summary>
    public async Task RunAsync<T>(Func<Task<T>> work, Action<T> completed, CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            completed(await work());
            var share = Math.Clamp(options.Value.Share, 0.01, 1.0);
            if (share < 1.0)
            {
                await Task.Delay(System.Diagnostics.Stopwatch.GetElapsedTime(started) * ((1 - share) / share), cancellation);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}

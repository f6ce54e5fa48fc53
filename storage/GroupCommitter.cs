using System.Diagnostics;
using System.Threading.Channels;

using Journey.Grains;

namespace Journey.Storage;

/// <summary>
/// Group commit across callers of a silo: writes (or reads) that arrive while earlier ones are being
/// committed wait and go together into the next commit, one round trip for all of them. Each caller's task
/// completes with its own result when the commit holding it has, or fails with that commit.
/// </summary>
public sealed class GroupCommitter<TWrite, TResult> : IAsyncDisposable
{
    private readonly Channel<(TWrite Write, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TWrite, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> _commit;
    private readonly int _maxBatch;
    private readonly SemaphoreSlim _inFlight;
    private readonly string _store;
    private readonly Task _loop;
    private readonly IDisposable _metric;
    private int _pending;

    public GroupCommitter(string store, Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> commit, int maxBatch, int maxInFlight)
    {
        (_store, _commit, _maxBatch) = (store, commit, maxBatch);
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
        _loop = Task.Run(RunAsync);
        _metric = JourneyMetrics.ObservePendingWrites(() => (_store, Pending));
    }

    /// <summary>Writes enqueued and not yet committed (or failed).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public Task<TResult> Enqueue(TWrite write)
    {
        Interlocked.Increment(ref _pending);
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((write, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(GroupCommitter<TWrite, TResult>)));
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _metric.Dispose();
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // Whatever is waiting once a commit slot is free goes into one commit.
            await _inFlight.WaitAsync();
            var batch = new List<(TWrite Write, TaskCompletionSource<TResult> Done)>();
            while (batch.Count < _maxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                _inFlight.Release();
                continue;
            }

            _ = CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<(TWrite Write, TaskCompletionSource<TResult> Done)> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = await _commit([.. batch.Select(b => b.Write)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.SetResult(results[i]);
            }
        }
        catch (Exception exception)
        {
            foreach (var (_, done) in batch)
            {
                done.SetException(exception);
            }
        }
        finally
        {
            Interlocked.Add(ref _pending, -batch.Count);
            _inFlight.Release();
            JourneyMetrics.Committed(_store, batch.Count, Stopwatch.GetElapsedTime(started));
        }
    }
}

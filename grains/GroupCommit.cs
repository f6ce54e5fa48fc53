using System.Diagnostics;
using Journey.Abstractions;

namespace Journey.Grains;

/// <summary>Where a group commit's loop runs, and so who may call it.</summary>
public enum CommitLoop
{
    /// <summary>On the caller's scheduler: a reentrant grain's own, so its writes follow each other on its single thread.</summary>
    Caller,

    /// <summary>On the thread pool: a store's, shared by every grain of the silo, several commits in flight.</summary>
    ThreadPool,
}

/// <summary>
/// Group commit: writes that arrive while earlier ones are being committed wait and go together into the next commit,
/// one round trip for all of them (at most <c>maxBatch</c>); each caller's task completes with its own result when the
/// commit holding its write has, or fails with that commit. Two owners use it: a store, for every grain of the silo
/// (<see cref="CommitLoop.ThreadPool"/>, <c>maxInFlight</c> commits at once, a result per write, metered), and a
/// reentrant shard grain (<see cref="CommitLoop.Caller"/>, one commit at a time: the grain's state is written by one
/// write after another, on its own scheduler).
/// </summary>
public class GroupCommit<TWrite, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> _commit;
    private readonly int _maxBatch;
    private readonly SemaphoreSlim _slots;
    private readonly CommitLoop _loop;
    private readonly string? _store;
    private readonly IDisposable? _metric;
    private readonly Lock _gate = new();
    private List<(TWrite Write, TaskCompletionSource<TResult> Done)> _waiting = [];
    private bool _draining;
    private bool _closed;
    private TaskCompletionSource? _drained;
    private int _pending;

    /// <param name="store">When given, pending writes and commits are metered under this name.</param>
    public GroupCommit(Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> commit, CommitLoop loop,
        int maxBatch = int.MaxValue, int maxInFlight = 1, string? store = null)
    {
        (_commit, _loop, _maxBatch, _store) = (commit, loop, maxBatch, store);
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        _metric = store is null ? null : JourneyMetrics.ObservePendingWrites(() => (store, Pending));
    }

    /// <summary>Writes enqueued and not yet committed (or failed).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public Task<TResult> Enqueue(TWrite write)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            if (_closed)
            {
                done.SetException(new ObjectDisposedException(GetType().Name));
                return done.Task;
            }

            _waiting.Add((write, done));
            Interlocked.Increment(ref _pending);
            start = !_draining;
            _draining = true;
        }

        if (start)
        {
            // Started here: on the caller's scheduler it runs until its first wait, so a write that finds nothing under
            // way is committed at once; on the thread pool it never holds the caller.
            _ = _loop == CommitLoop.ThreadPool ? Task.Run(DrainAsync) : DrainAsync();
        }

        return done.Task;
    }

    /// <summary>Refuses new writes and waits until every write enqueued has been committed or has failed.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            _closed = true;
            drained = Pending == 0 ? Task.CompletedTask : (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        await drained;
        _metric?.Dispose();
        GC.SuppressFinalize(this);
    }

    // Whatever is waiting once a commit slot is free goes into one commit; the loop ends when nothing waits.
    private async Task DrainAsync()
    {
        while (true)
        {
            await _slots.WaitAsync();
            List<(TWrite Write, TaskCompletionSource<TResult> Done)> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _draining = false;
                    _slots.Release();
                    return;
                }

                if (_waiting.Count <= _maxBatch)
                {
                    (batch, _waiting) = (_waiting, []);
                }
                else
                {
                    batch = _waiting.GetRange(0, _maxBatch);
                    _waiting.RemoveRange(0, _maxBatch);
                }
            }

            _ = CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<(TWrite Write, TaskCompletionSource<TResult> Done)> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var writes = new TWrite[batch.Count];
            for (var i = 0; i < writes.Length; i++)
            {
                writes[i] = batch[i].Write;
            }

            var results = await _commit(writes);
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
            var left = Interlocked.Add(ref _pending, -batch.Count);
            _slots.Release();
            if (left == 0)
            {
                lock (_gate)
                {
                    _drained?.TrySetResult();
                }
            }

            if (_store is not null)
            {
                JourneyMetrics.Committed(_store, batch.Count, Stopwatch.GetElapsedTime(started));
            }
        }
    }
}

/// <summary>A reentrant grain's group commit (<see cref="CommitLoop.Caller"/>, one commit at a time) of writes that answer nothing but done.</summary>
public sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> commit)
    : GroupCommit<T, bool>(async writes => { await commit(writes); return new bool[writes.Count]; }, CommitLoop.Caller)
{
    public new Task Enqueue(T write) => base.Enqueue(write);
}

public static class PersistentStateExtensions
{
    /// <summary>Writes <paramref name="next"/>; when the write fails the state in memory goes back to what it was, and the failure is rethrown.</summary>
    public static async Task WriteOrRestoreAsync<T>(this IPersistentState<T> state, T next)
    {
        var before = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }
    }
}

namespace Journey.Grains;

/// <summary>
/// Group commit for a reentrant grain: requests that arrive while a commit is under way wait and go
/// together into the next one; each caller's task completes when the commit holding its request has
/// (or fails with it). Everything runs on the grain's scheduler, so no locks are needed.
/// </summary>
public sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> commit)
{
    private List<(T Request, TaskCompletionSource Done)> _pending = [];
    private Task? _running;

    public Task Enqueue(T request)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((request, done));
        if (_running is not { IsCompleted: false })
        {
            // A loop that had nothing left to wait for has finished already; start a new one.
            _running = RunAsync();
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        while (_pending.Count > 0)
        {
            var batch = _pending;
            _pending = [];
            try
            {
                await commit([.. batch.Select(p => p.Request)]);
                foreach (var (_, done) in batch)
                {
                    done.SetResult();
                }
            }
            catch (Exception exception)
            {
                foreach (var (_, done) in batch)
                {
                    done.SetException(exception);
                }
            }
        }
    }
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

using System.Collections.Concurrent;
using Journey.Grains;

namespace Journey.Tests.Grains;

/// <summary>
/// The one group commit the store and the shard grains share: what arrives while a commit is under way goes into the
/// next one, each caller gets its own result, a failure fails its own batch only. Commits are held open by the test
/// (a gate per commit), so which writes went together is decided by the test, never by timing.
/// </summary>
public class GroupCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>A commit function whose calls wait at a gate the test opens, one gate per call, in order.</summary>
    private sealed class HeldCommits
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _gates = new();
        private readonly SemaphoreSlim _started = new(0);

        public ConcurrentQueue<int[]> Batches { get; } = new();

        public ConcurrentQueue<bool> OnThreadPool { get; } = new();

        public async Task<IReadOnlyList<int>> CommitAsync(IReadOnlyList<int> writes)
        {
            OnThreadPool.Enqueue(Thread.CurrentThread.IsThreadPoolThread);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gates.Enqueue(gate);
            Batches.Enqueue([.. writes]);
            _started.Release();
            await gate.Task;
            if (writes.Contains(-1))
            {
                throw new InvalidOperationException("the store refused the batch");
            }

            return [.. writes.Select(w => w * 10)];
        }

        public async Task StartedAsync(int commits)
        {
            for (var i = 0; i < commits; i++)
            {
                Assert.True(await _started.WaitAsync(Deadline), $"commit {i + 1} of {commits} did not start");
            }
        }

        public void OpenNext()
        {
            Assert.True(_gates.TryDequeue(out var gate), "no commit is held");
            gate.SetResult();
        }
    }

    [Fact]
    public async Task Writes_arriving_during_a_commit_go_together_into_the_next_and_each_gets_its_own_result()
    {
        var held = new HeldCommits();
        await using var commit = new GroupCommit<int, int>(held.CommitAsync, CommitLoop.ThreadPool, maxInFlight: 1);

        var first = commit.Enqueue(1);
        await held.StartedAsync(1);
        var second = commit.Enqueue(2);
        var third = commit.Enqueue(3);
        Assert.Equal(3, commit.Pending);
        held.OpenNext();
        await held.StartedAsync(1);
        held.OpenNext();

        var results = await Task.WhenAll(first, second, third).WaitAsync(Deadline);
        Assert.Equal(new[] { 10, 20, 30 }, results);
        Assert.Equal([[1], [2, 3]], held.Batches);
        Assert.Equal(0, commit.Pending);
        Assert.All(held.OnThreadPool, Assert.True);
    }

    [Fact]
    public async Task Several_commits_run_at_once_up_to_the_limit_and_a_batch_holds_at_most_the_largest_size()
    {
        var held = new HeldCommits();
        await using var commit = new GroupCommit<int, int>(held.CommitAsync, CommitLoop.ThreadPool, maxBatch: 2, maxInFlight: 2);

        var writes = new List<Task<int>> { commit.Enqueue(1) };
        await held.StartedAsync(1);
        writes.Add(commit.Enqueue(2));
        await held.StartedAsync(1);
        // Both slots are taken: these five wait, and go in batches of at most two.
        writes.AddRange(Enumerable.Range(3, 5).Select(commit.Enqueue));
        for (var opened = 0; opened < 5; opened++)
        {
            held.OpenNext();
            if (opened < 3)
            {
                await held.StartedAsync(1);
            }
        }

        var results = await Task.WhenAll(writes).WaitAsync(Deadline);
        Assert.Equal(new[] { 10, 20, 30, 40, 50, 60, 70 }, results);
        Assert.Equal([[1], [2], [3, 4], [5, 6], [7]], held.Batches);
    }

    [Fact]
    public async Task A_failed_commit_fails_its_own_writes_and_the_next_batch_still_commits()
    {
        var held = new HeldCommits();
        await using var commit = new GroupCommit<int, int>(held.CommitAsync, CommitLoop.ThreadPool);

        var blocking = commit.Enqueue(1);
        await held.StartedAsync(1);
        var refused = commit.Enqueue(-1);
        var alongside = commit.Enqueue(2);
        held.OpenNext();
        await held.StartedAsync(1);
        var after = commit.Enqueue(3);
        held.OpenNext();
        await held.StartedAsync(1);
        held.OpenNext();

        Assert.Equal(10, await blocking.WaitAsync(Deadline));
        await Assert.ThrowsAsync<InvalidOperationException>(() => refused.WaitAsync(Deadline));
        await Assert.ThrowsAsync<InvalidOperationException>(() => alongside.WaitAsync(Deadline));
        Assert.Equal(30, await after.WaitAsync(Deadline));
    }

    [Fact]
    public async Task On_the_callers_scheduler_a_write_that_finds_nothing_under_way_is_committed_before_Enqueue_returns()
    {
        var held = new HeldCommits();
        await using var commit = new GroupCommit<int, int>(held.CommitAsync, CommitLoop.Caller);

        var first = commit.Enqueue(1);

        Assert.Equal([[1]], held.Batches);
        var second = commit.Enqueue(2);
        Assert.Single(held.Batches);
        held.OpenNext();
        await held.StartedAsync(2);
        held.OpenNext();
        var results = await Task.WhenAll(first, second).WaitAsync(Deadline);
        Assert.Equal(new[] { 10, 20 }, results);
        Assert.Equal([[1], [2]], held.Batches);
    }

    [Fact]
    public async Task Disposing_waits_for_every_write_enqueued_and_refuses_new_ones()
    {
        var held = new HeldCommits();
        var commit = new GroupCommit<int, int>(held.CommitAsync, CommitLoop.ThreadPool);
        var first = commit.Enqueue(1);
        await held.StartedAsync(1);
        var second = commit.Enqueue(2);

        var disposing = commit.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => commit.Enqueue(3));
        Assert.False(disposing.IsCompleted, "disposed while two writes were not committed");
        held.OpenNext();
        await held.StartedAsync(1);
        Assert.False(disposing.IsCompleted, "disposed while a write was not committed");
        held.OpenNext();

        await disposing.WaitAsync(Deadline);
        var results = await Task.WhenAll(first, second).WaitAsync(Deadline);
        Assert.Equal(new[] { 10, 20 }, results);
    }
}

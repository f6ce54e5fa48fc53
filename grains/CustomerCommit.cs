using System.Collections.Immutable;
using Journey.Domain;
using Journey.Grains.Effects;
using Journey.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Journey.Grains;

/// <summary>What every customer's log uses of the silo, once per silo.</summary>
public sealed class CustomerLogServices(ICustomerStore store, IGrainFactory grains, EffectDispatcher effects, ILogger<CustomerGrain> logger)
{
    public ICustomerStore Store => store;

    public IGrainFactory Grains => grains;

    public EffectDispatcher Effects => effects;

    public ILogger Logger => logger;
}

/// <summary>What a write changes in the store's indexes besides the customer.</summary>
internal readonly record struct IndexChanges(ImmutableArray<string> Claims, bool List, bool Reschedule, DateTimeOffset? Wake)
{
    public static IndexChanges None { get; } = new([], false, false, null);
}

/// <summary>A customer write prepared by the log: what goes to the store, and what the log becomes once it is committed.</summary>
internal readonly record struct PendingWrite(CustomerAppend Append, CustomerState Written, IndexChanges Changes, bool Snapshot, bool ForgetsCounted, long CountedThrough, bool ForgetsLegacy);

/// <summary>A step's write under way, between the store's append and its completion.</summary>
internal readonly record struct PendingCommit(StepResult Result, PendingWrite Write, EffectHandover Handover, long? Marked, Task<AppendResult> Appending);

/// <summary>
/// What <see cref="CustomerLog.CommitAsync"/> returns: awaited, it resumes its caller when the store
/// has answered and completes the write as it does (or waits for the commit that had pages to store).
/// </summary>
internal readonly struct CommitAwaitable(CustomerLog log, PendingCommit commit, Task<ImmutableArray<string>>? withPages)
{
    public Awaiter GetAwaiter() => new(log, commit, withPages);

    internal readonly struct Awaiter(CustomerLog log, PendingCommit commit, Task<ImmutableArray<string>>? withPages) : System.Runtime.CompilerServices.ICriticalNotifyCompletion
    {
        private Task Pending => withPages is { } task ? task : commit.Appending;

        public bool IsCompleted => Pending.IsCompleted;

        // The task's own awaiter: the caller resumes on the grain's scheduler, as any await in a grain does.
        public void OnCompleted(Action continuation) => Pending.GetAwaiter().OnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => Pending.GetAwaiter().UnsafeOnCompleted(continuation);

        public ImmutableArray<string> GetResult() => withPages is { } task ? task.GetAwaiter().GetResult() : log.Finish(commit);
    }
}

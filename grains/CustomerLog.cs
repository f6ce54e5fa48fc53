using System.Collections.Immutable;
using Journey.Domain;
using Journey.Grains.Effects;
using Journey.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Journey.Grains;

/// <summary>
/// One customer's durable side, as its activation knows it: the state last made durable, the fence
/// its next write presents, the log since the last snapshot, and what the store's indexes hold for
/// it (the cases linked to it, its directory listing, its place in the wake-up schedule). Loading is
/// the last snapshot plus the log replayed. The commit sequence lives here and nowhere else:
/// archive pages → prepare → the store's append → complete → hand the effects over
/// (<see cref="CommitAsync"/>; a snapshot alone: <see cref="WriteSnapshotAsync"/>).
/// </summary>
internal sealed class CustomerLog(string key, CustomerLogServices services, CustomerGrain owner)
{
    // One reference to the silo's services, not one per service: every resident customer carries this object.
    public ICustomerStore Store => services.Store;

    private EffectDispatcher Effects => services.Effects;

    private ILogger Logger => services.Logger;

    private string? _fence;
    private int _appendsSinceSnapshot;
    private bool _fromLegacy;

    // Cases whose owner link is known to point here, so a case grain is asked once per activation. A plain
    // array: a customer has a handful of cases, and every resident customer carries this.
    private string[]? _linkedCases;

    public string Key => key;

    private Effects.CustomerRef? _customer;

    /// <summary>The customer's tenant, id and key for the effects it asks for, from the state's own strings.</summary>
    public Effects.CustomerRef Customer(CustomerState state) => _customer ??= new(state.Tenant, state.CustomerId, key);

    /// <summary>The customer as last made durable (null: never stored; a tombstone once erased).</summary>
    public CustomerState? Stored { get; private set; }

    /// <summary>The wake-up this customer last put in the schedule, and whether the schedule's entry is known to be it.</summary>
    public DateTimeOffset? RegisteredWake { get; set; }

    public bool ScheduleKnown { get; set; }

    /// <summary>A committed write of this activation listed the customer in its tenant's directory.</summary>
    public bool Listed { get; private set; }

    /// <summary>Reads the last snapshot and replays the log behind it, each entry through <paramref name="replay"/>.</summary>
    public async Task LoadAsync(CustomerState empty, Func<CustomerState, CustomerLogEntry, Task<CustomerState>> replay)
    {
        var stored = await Store.ReadAsync(key);
        var state = stored.Snapshot;
        foreach (var entry in stored.Tail)
        {
            state = await replay(state ?? empty, entry);
        }

        (Stored, _fence, _appendsSinceSnapshot, _fromLegacy) = (state, stored.Fence, stored.Tail.Count, stored.FromLegacy);
    }

    /// <summary>
    /// A snapshot at deactivation, so the next activation replays nothing; it also records which
    /// statistics were counted. When collected as idle; and as the silo stops, where the store outlives
    /// it (the next silo then reads snapshots, not logs). One that does not make it leaves the log, which replays.
    /// </summary>
    public async Task SnapshotAsync(DeactivationReason reason)
    {
        var snapshotting = reason.ReasonCode == DeactivationReasonCode.ActivationIdle
            || (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && Store.Snapshots.AtShutdown && _appendsSinceSnapshot > 0);
        if (Stored is { } state && snapshotting && (_appendsSinceSnapshot > 0 || HasDeliveryReceipts(state)))
        {
            try
            {
                await WriteSnapshotAsync(state);
            }
            catch (Exception exception)
            {
                Logger.LogDebug(exception, "Snapshot of {Customer} at deactivation failed; the next activation replays its log", key);
            }
        }
    }

    /// <summary>Case ids the accepted touchpoints name that this customer did not hold yet.</summary>
    public ImmutableArray<string> Claims(StepResult result, ImmutableArray<Touchpoint> accepted)
    {
        // Most touchpoints name a case the customer holds already: nothing is allocated for them.
        ImmutableArray<string>.Builder? claims = null;
        foreach (var touchpoint in accepted)
        {
            if (touchpoint.CaseId is { } caseId && result.Before.FindCase(caseId) is null && !Linked(caseId) && claims?.Contains(caseId) != true)
            {
                (claims ??= ImmutableArray.CreateBuilder<string>()).Add(caseId);
            }
        }

        return claims?.ToImmutable() ?? [];
    }

    /// <summary>What the write changes in the store's indexes besides the customer: claims, the directory listing, its place in the schedule.</summary>
    private IndexChanges Changes(StepResult result, ImmutableArray<string> claims)
    {
        var state = result.State;
        var wake = state.Exists ? result.Effects.NextWake : null;
        var reschedule = (result.Effects.Decided || !state.Exists) && (!ScheduleKnown || wake != RegisteredWake);
        return new IndexChanges(claims, state.Exists && !state.Listed && !Listed, reschedule, wake);
    }

    /// <summary>
    /// Makes a step durable and hands its effects on. Archive pages first (one in every 50
    /// touchpoints: the write that drops them from the state must never precede them); then the one
    /// write — its log entry appended, group-committed with other customers' writes of this silo, or
    /// every <see cref="SnapshotPolicy.Every"/> writes a snapshot that replaces the log — carrying
    /// the step's claims, listing, wake-up and effect marker; then the effects to the silo's
    /// dispatcher, delivered after the acknowledgement; then what may follow the write (the earlier
    /// whole-state copy, expired decision pages). A failure deactivates the customer, which reloads
    /// on its next call rather than guess what reached storage.
    /// </summary>
    /// <returns>
    /// Awaited once, by the grain method itself: the claimed case ids another customer owns (nothing
    /// was written then), or nothing. Most steps have nothing to store before the write or after it,
    /// and their caller's continuation is the store's own, with the completion run as it resumes: every
    /// further async level between a grain method and the store would cost each touchpoint a state
    /// machine and a continuation on the grain's scheduler (about 550 B a touchpoint, measured on Redis).
    /// </returns>
    /// <exception cref="StaleActivationException">Another activation wrote since this one read.</exception>
    public CommitAwaitable CommitAsync(StepResult result, CustomerLogEntry entry, ImmutableArray<string> claims)
    {
        var effects = result.Effects;
        if (!effects.ArchivePages.IsEmpty || !effects.DecisionPages.IsEmpty || !effects.ExpiredDecisionPages.IsEmpty || _fromLegacy)
        {
            return new CommitAwaitable(this, default, CommitWithPagesAsync(result, entry, claims));
        }

        return new CommitAwaitable(this, Start(result, entry, claims), null);
    }

    private async Task<ImmutableArray<string>> CommitWithPagesAsync(StepResult result, CustomerLogEntry entry, ImmutableArray<string> claims)
    {
        var effects = result.Effects;
        if (!effects.ArchivePages.IsEmpty || !effects.DecisionPages.IsEmpty)
        {
            try
            {
                await Archives(result.State).StoreAsync(effects);
            }
            catch (Exception exception)
            {
                Failed(exception);
                throw;
            }
        }

        var commit = Start(result, entry, claims);
        await ((Task)commit.Appending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        var lost = Finish(commit);
        if (lost.IsDefaultOrEmpty)
        {
            await AfterWriteAsync(commit.Write, effects.ExpiredDecisionPages);
        }

        return lost;
    }

    /// <summary>Prepare and append: the effects handed over after the write are decided first (its marker makes them findable should this silo die before delivering them).</summary>
    private PendingCommit Start(StepResult result, CustomerLogEntry entry, ImmutableArray<string> claims)
    {
        try
        {
            var handover = EffectHandover.Of(result);
            var marked = handover.IsEmpty ? (long?)null : Effects.MarkMoment();
            var write = Prepare(result.State, entry, Changes(result, claims), marked);
            return new PendingCommit(result, write, handover, marked, Store.AppendAsync(write.Append));
        }
        catch (Exception exception)
        {
            Failed(exception);
            throw;
        }
    }

    /// <summary>Complete and hand over, once the store has answered.</summary>
    internal ImmutableArray<string> Finish(PendingCommit commit)
    {
        ImmutableArray<string> lost;
        try
        {
            lost = Complete(commit.Write, commit.Appending.GetAwaiter().GetResult());
        }
        catch (Exception exception)
        {
            Failed(exception);
            throw;
        }

        if (!lost.IsDefaultOrEmpty)
        {
            return lost;
        }

        commit.Handover.Deliver(Effects, commit.Result, this);
        if (commit.Marked is { } at)
        {
            Effects.Marked(key, at);
        }

        return [];
    }

    private void Failed(Exception exception)
    {
        owner.ReloadOnNextCall();
        Logger.LogWarning(exception, "Persisting customer {Customer} failed; nothing of this call was acknowledged", key);
    }

    /// <summary>The whole customer as one write, replacing the log and every earlier snapshot; it also records what the targets have acknowledged (counted statistics, the listing).</summary>
    /// <exception cref="StaleActivationException">Another activation wrote since this one read.</exception>
    public async Task WriteSnapshotAsync(CustomerState state)
    {
        var write = Prepare(state, null, IndexChanges.None, null);
        Complete(write, await Store.AppendAsync(write.Append));
        await AfterWriteAsync(write, []);
    }

    private async Task AfterWriteAsync(PendingWrite write, ImmutableArray<int> expiredDecisionPages)
    {
        if (write.ForgetsLegacy)
        {
            await ForgetLegacyAsync();
        }

        if (!expiredDecisionPages.IsEmpty)
        {
            // Past the policy's retention, and no longer pointed at by the state; a failure leaves an orphaned page behind (logged), never a gap.
            try
            {
                await Archives(write.Written).ClearDecisionPagesAsync(expiredDecisionPages);
            }
            catch (Exception exception)
            {
                Logger.LogWarning(exception, "Clearing expired decision pages of {Customer} failed", key);
            }
        }
    }

    private CustomerArchives Archives(CustomerState state) => new(services.Grains, state.Tenant, state.CustomerId);

    private PendingWrite Prepare(CustomerState next, CustomerLogEntry? entry, IndexChanges changes, long? effectsMarkedAt)
    {
        var snapshot = entry is null || _fromLegacy || _appendsSinceSnapshot + 1 >= Store.Snapshots.Every;
        var countedThrough = Effects.StatisticsCountedThrough(key);

        // Statistics batches the tenant's statistics counted leave the state with this write: a snapshot
        // records it in the state; an append's step forgot them already and says so in its entry, which a
        // replay follows (so a long-lived customer does not carry every batch since its last snapshot).
        var written = snapshot ? WithDeliveryReceipts(next, countedThrough) : next;
        var forgetsCounted = !snapshot && entry?.StatisticsCountedThrough is not null;
        if (forgetsCounted)
        {
            countedThrough = entry!.StatisticsCountedThrough!.Value;
        }

        var append = new CustomerAppend(key, _fence, next.Version, snapshot ? null : entry, snapshot ? written : null)
        {
            Tenant = next.Tenant,
            CustomerId = next.CustomerId,
            Claims = changes.Claims,
            List = changes.List,
            Reschedule = changes.Reschedule,
            WakeMinute = Minute(changes.Wake),
            EffectsMarkedAt = effectsMarkedAt,
        };
        return new PendingWrite(append, written, changes, snapshot, forgetsCounted, countedThrough, snapshot && _fromLegacy);
    }

    /// <summary>What the log learns from the store's answer to a prepared write.</summary>
    private ImmutableArray<string> Complete(PendingWrite write, AppendResult result)
    {
        if (!result.LostClaims.IsDefaultOrEmpty)
        {
            return result.LostClaims;
        }

        if (!result.Committed)
        {
            Logger.LogWarning("The write of {Customer} was refused: another activation wrote since this one read (a stale activation); it reloads", key);
            throw new StaleActivationException(key);
        }

        var changes = write.Changes;
        foreach (var caseId in changes.Claims)
        {
            Link(caseId);
        }

        Listed |= changes.List;
        if (changes.Reschedule)
        {
            (RegisteredWake, ScheduleKnown) = (changes.Wake, true);
        }

        if (write.Snapshot)
        {
            // The snapshot holds what the targets acknowledged: the silo need not remember it for this customer any longer.
            Effects.ReceiptsRecorded(key, write.CountedThrough);
        }
        else if (write.ForgetsCounted)
        {
            Effects.StatisticsReceiptRecorded(key, write.CountedThrough);
        }

        (Stored, _fence) = (write.Written, result.Fence);
        _appendsSinceSnapshot = write.Snapshot ? 0 : _appendsSinceSnapshot + 1;
        if (write.ForgetsLegacy)
        {
            _fromLegacy = false;
        }

        return [];
    }

    /// <summary>After the first snapshot of a customer read from the whole-state storage of earlier versions: the old copy goes.</summary>
    private async Task ForgetLegacyAsync()
    {
        try
        {
            await Store.ForgetLegacyAsync(key);
        }
        catch (Exception exception)
        {
            Logger.LogWarning(exception, "Removing the earlier whole-state copy of {Customer} failed; it is no longer read", key);
        }
    }

    private bool Linked(string caseId) => _linkedCases is { } linked && Array.IndexOf(linked, caseId) >= 0;

    private void Link(string caseId)
    {
        if (!Linked(caseId))
        {
            _linkedCases = _linkedCases is null ? [caseId] : [.. _linkedCases, caseId];
        }
    }

    /// <summary>After an erasure the cases were released: none is linked here any longer.</summary>
    public void ForgetLinks() => _linkedCases = null;

    public static long? Minute(DateTimeOffset? at) => at is { } due ? Journey.Abstractions.Scheduling.WakeSchedule.MinuteOf(due) : null;

    private bool HasDeliveryReceipts(CustomerState state) =>
        (!state.Listed && Listed) || state.PendingStatistics.Any(b => b.Sequence <= Effects.StatisticsCountedThrough(key));

    /// <summary>The state as the targets have acknowledged it: listed in the directory, counted statistics batches dropped.</summary>
    private CustomerState WithDeliveryReceipts(CustomerState state, long countedThrough)
    {
        var counted = JourneyStep.WithoutCountedStatistics(state, countedThrough);
        return !counted.Listed && counted.Exists && Listed ? counted with { Listed = true } : counted;
    }
}

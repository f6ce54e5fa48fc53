using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Grains.Effects;
using Journey.Grains.Outbox;
using Journey.Grains.Policies;
using Journey.Grains.Directory;
using Journey.Grains.Statistics;
using Journey.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Journey.Grains;

/// <summary>
/// A customer's journey: load (snapshot + log), step (the pure domain), one durable write, then the
/// acknowledgement; what the step asks of the world beyond the customer goes to the silo's effect
/// dispatcher and is delivered after, batched with other customers' effects.
/// </summary>
public sealed class CustomerGrain(
    ICustomerStore store,
    CustomerStoreOptions storeOptions,
    EffectDispatcher effects,
    JourneySettings settings,
    BusinessClock clock,
    PolicyCatalog policies,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    /// <summary>Watchers re-register within this lease; a watcher that stops doing so is forgotten.</summary>
    public static readonly TimeSpan WatchLease = TimeSpan.FromMinutes(1);

    // Most customers are never watched and never see a foreign case id: these exist only when needed,
    // since every resident customer carries them.
    private ObserverManager<ICustomerWatcher>? _watchers;

    // Cases whose owner link is known to point here, so a case grain is asked once per activation. A plain
    // array: a customer has a handful of cases, and every resident customer carries this.
    private string[]? _linkedCases;

    // The wake-up this customer last put in the schedule; with the schedule in the store, whether that entry is known to be it.
    private DateTimeOffset? _registeredWake;
    private bool _scheduleKnown;
    private bool _listingAsked;

    // The customer as last made durable (null: never stored), the fence its next write presents, and the log since the last snapshot.
    private CustomerState? _stored;
    private string? _fence;
    private int _appendsSinceSnapshot;
    private bool _fromLegacy;
    private bool _resident;

    private CustomerState Current => _stored is { Exists: true } state ? state : Empty;

    /// <summary>Where the store keeps case owners, the directory and the schedule itself, they change within the customer's own write.</summary>
    private ICustomerIndexes? Indexes => store as ICustomerIndexes;

    /// <summary>What is stored: the customer, an erasure's tombstone, or an empty customer never seen.</summary>
    private CustomerState Stored => _stored is { Erased: true } tombstone ? tombstone : Current;

    private string Key => this.GetPrimaryKeyString();

    private CustomerState Empty
    {
        get
        {
            var (tenant, id) = GrainKeys.Parse(Key);
            return CustomerJourney.Empty(tenant, id);
        }
    }

    /// <summary>Activation is the last snapshot plus its log replayed through the step function, each entry under the policy it ran under.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(Key);
        var state = stored.Snapshot;
        foreach (var entry in stored.Tail)
        {
            state = await ReplayAsync(state ?? Empty, entry);
        }

        (_stored, _fence, _appendsSinceSnapshot, _fromLegacy) = (state, stored.Fence, stored.Tail.Count, stored.FromLegacy);
        _resident = true;
        JourneyMetrics.CustomerActivated();
        if (state is { Exists: true } existing)
        {
            // What the state says was asked of the world may not have arrived before a crash: ask again (the targets deduplicate).
            var dispatched = existing.Actions.Where(a => a.Status == ActionStatus.DISPATCHED && ForConnectors(a)).ToImmutableArray();
            if (!dispatched.IsEmpty)
            {
                effects.Outbox(existing.Tenant, existing.CustomerId, dispatched, []);
            }

            effects.Statistics(existing.Tenant, existing.CustomerId, existing.PendingStatistics);
        }
    }

    private async Task<CustomerState> ReplayAsync(CustomerState state, CustomerLogEntry entry)
    {
        var policy = await policies.GetVersionAsync(state.Tenant, entry.PolicyTenant, entry.PolicyVersion);
        var replayed = entry.Kind switch
        {
            StepKind.Touchpoints => JourneyStep.Touchpoints(state, entry.Touchpoints, policy, entry.Now, settings).State,
            StepKind.Wake => JourneyStep.Wake(state, policy, entry.Now, settings).State,
            _ => JourneyStep.RequestContact(state, policy, entry.Team!.Value, entry.Channel!.Value, entry.Purpose ?? "", entry.Now, settings).Result.State,
        };
        if (entry.StatisticsCountedThrough is { } counted)
        {
            replayed = JourneyStep.WithoutCountedStatistics(replayed, counted);
        }

        if (replayed.Version != entry.Version)
        {
            logger.LogError("Replaying {Customer}'s log diverged: a {Kind} step reached version {Replayed}, the log says {Logged}", Key, entry.Kind, replayed.Version, entry.Version);
        }

        return replayed;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_resident)
        {
            _resident = false;
            JourneyMetrics.CustomerDeactivated();
        }

        // A snapshot, so the next activation replays nothing; it also records which statistics were counted.
        // When collected as idle; and as the silo stops, where the store outlives it (the next silo then reads
        // snapshots, not logs). A snapshot that does not make it in time leaves the log, which replays.
        var snapshotting = reason.ReasonCode == DeactivationReasonCode.ActivationIdle
            || (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && store.OutlivesProcess && !store.WholeStateOnly && _appendsSinceSnapshot > 0);
        if (_stored is { } state && snapshotting && (_appendsSinceSnapshot > 0 || HasDeliveryReceipts(state)))
        {
            try
            {
                await WriteAsync(state, null);
            }
            catch (Exception exception)
            {
                logger.LogDebug(exception, "Snapshot of {Customer} at deactivation failed; the next activation replays its log", Key);
            }
        }
    }

    public async Task<ImmutableArray<IngestOutcome>> Ingest(ImmutableArray<Touchpoint> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = JourneyMetrics.Tracing.StartActivity("journey.customer.ingest");
        span?.SetTag("journey.customer", Key);
        span?.SetTag("journey.batch", batch.Length);
        var stored = Stored;
        var policy = await policies.GetEffectiveAsync(stored.Tenant);

        // With the indexes in the store, new case ids are claimed in the write itself; otherwise the case grains are asked first.
        var foreignCases = Indexes is null ? await ForeignCasesAsync(stored, batch) : null;

        // One moment for the whole batch: the touchpoints record it, and a replay runs them at it.
        var now = clock.Now;
        StepResult result;
        while (true)
        {
            using (var decide = JourneyMetrics.Tracing.StartActivity("journey.rules.decide"))
            {
                decide?.SetTag("journey.trigger", batch[0].Type.ToString());
                decide?.SetTag("journey.policy_version", policy.Version);
                result = JourneyStep.Touchpoints(stored, batch, policy, now, settings, foreignCases);
                decide?.SetTag("journey.dispatched", result.Effects.Dispatched.Length);
            }

            if (!result.Changed)
            {
                break;
            }

            var accepted = Accepted(batch, result.Outcomes);
            var lost = await Commit(result, Entry(StepKind.Touchpoints, result, policy, now) with { Touchpoints = accepted }, Claims(result, accepted));
            if (lost.IsDefaultOrEmpty)
            {
                var state = result.State;
                await NotifyWatchers(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, [.. result.Accepted])));
                break;
            }

            // Another customer owns some of the case ids: the step again, with those touchpoints refused.
            foreignCases = new HashSet<string>([.. foreignCases ?? new HashSet<string>(), .. lost], StringComparer.Ordinal);
        }

        for (var i = 0; i < batch.Length; i++)
        {
            JourneyMetrics.Touchpoint(batch[i].Type, ToStatus(result.Outcomes[i].Status));
        }

        JourneyMetrics.Ingested(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var outcomes = ImmutableArray.CreateBuilder<IngestOutcome>(result.Outcomes.Length);
        foreach (var outcome in result.Outcomes)
        {
            outcomes.Add(new IngestOutcome(outcome.EventId, ToStatus(outcome.Status), outcome.Version, outcome.Errors));
        }

        return outcomes.MoveToImmutable();
    }

    /// <summary>The touchpoints of the batch the step accepted: the batch itself when it accepted them all (the usual case).</summary>
    private static ImmutableArray<Touchpoint> Accepted(ImmutableArray<Touchpoint> batch, ImmutableArray<TouchpointOutcome> outcomes)
    {
        var all = true;
        foreach (var outcome in outcomes)
        {
            all &= outcome.Status == ApplyStatus.Accepted;
        }

        return all ? batch : [.. batch.Where((_, i) => outcomes[i].Status == ApplyStatus.Accepted)];
    }

    public async Task<DateTimeOffset?> Wake()
    {
        var stored = Current;
        if (!stored.Exists)
        {
            if (Indexes is { } schedule)
            {
                await schedule.RescheduleAsync(Key, null);
            }

            return null;
        }

        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        var now = clock.Now;
        var result = JourneyStep.Wake(stored, policy, now, settings);
        if (result.Changed)
        {
            // The entry that fired is spent: the write moves this customer's place in the schedule (where the store keeps it) with the rest of the step.
            _scheduleKnown = false;
            await Commit(result, Entry(StepKind.Wake, result, policy, now), []);
            var state = result.State;
            await NotifyWatchers(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, [])));
        }
        else if (Indexes is { } indexes)
        {
            await indexes.RescheduleAsync(Key, Minute(result.Effects.NextWake));
            _scheduleKnown = true;
        }

        // Without the schedule in the store, the shard registers the answer itself.
        _registeredWake = result.Effects.NextWake;
        return result.Effects.NextWake;
    }

    public async Task<ContactDecision> RequestContact(Team team, Channel channel, string purpose)
    {
        var stored = Stored;
        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        var now = clock.Now;
        var (result, decision) = JourneyStep.RequestContact(stored, policy, team, channel, purpose, now, settings);
        JourneyMetrics.ContactRequest(decision.Outcome);
        if (result.Changed)
        {
            await Commit(result, Entry(StepKind.Booking, result, policy, now) with { Team = team, Channel = channel, Purpose = purpose }, []);
            var state = result.State;
            await NotifyWatchers(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, [])));
        }

        return decision;
    }

    public async Task RecoverEffects(long markedAt)
    {
        // Outbox entries and statistics were offered by the activation; segment membership is offered here.
        if (Current is { Exists: true } state)
        {
            DeliverSegments(Empty, state);
            if (Indexes is null)
            {
                // Where the directory and the schedule are grains of their own, the listing and the wake-up may have died with the silo too.
                if (!state.Listed && !_listingAsked)
                {
                    effects.List(state.Tenant, state.CustomerId);
                    _listingAsked = true;
                }

                if (await Wake() is { } due)
                {
                    effects.Wake(Key, due);
                }
            }
        }

        effects.Marked(Key, markedAt);
    }

    public Task<CustomerState?> Get() => Task.FromResult(_stored is { Exists: true } state ? state : null);

    public async Task<ImmutableArray<Touchpoint>> GetArchive()
    {
        var state = Current;
        var pages = await Task.WhenAll(Enumerable.Range(0, state.ArchivedPages)
            .Select(page => GrainFactory.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(state.Tenant, state.CustomerId, page)).Read()));
        return [.. pages.SelectMany(p => p)];
    }

    public async Task<ImmutableArray<Touchpoint>> History() =>
        Current.Exists ? [.. await GetArchive(), .. Current.Timeline] : [];

    public Task<long> Watch(ICustomerWatcher watcher)
    {
        (_watchers ??= new ObserverManager<ICustomerWatcher>(WatchLease, logger)).Subscribe(watcher, watcher);
        return Task.FromResult(Current.Version);
    }

    public Task Unwatch(ICustomerWatcher watcher)
    {
        _watchers?.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    public async Task<CustomerExport?> Export()
    {
        var state = Current;
        return state.Exists ? new CustomerExport(state, await GetArchive(), [.. DecisionArchive.Log(state, await ReadDecisionPages(state, int.MaxValue))]) : null;
    }

    public async Task<ImmutableArray<OutboundAction>> Decisions(int first)
    {
        var state = Current;
        if (!state.Exists)
        {
            return [];
        }

        var inState = state.Actions.Length + state.Suppressed.Length + state.RetiredDecisions.Length;
        return [.. DecisionArchive.Log(state, await ReadDecisionPages(state, Math.Max(0, first - inState))).Take(Math.Max(0, first))];
    }

    /// <summary>Archived decision pages, newest first, until they hold at least <paramref name="wanted"/> decisions.</summary>
    private async Task<List<ImmutableArray<OutboundAction>>> ReadDecisionPages(CustomerState state, int wanted)
    {
        var pages = new List<ImmutableArray<OutboundAction>>();
        var read = 0;
        foreach (var page in state.DecisionPages.Reverse())
        {
            if (read >= wanted)
            {
                break;
            }

            var decisions = await GrainFactory.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(state.Tenant, state.CustomerId, page.Page)).Read();
            pages.Add(decisions);
            read += decisions.Length;
        }

        return pages;
    }

    public async Task<ErasureReceipt> Erase()
    {
        var (tenant, id) = GrainKeys.Parse(Key);
        if (_stored is not { Exists: true } state)
        {
            return new ErasureReceipt(tenant, id, false, _stored?.ErasedAt, 0, 0, 0, 0, 0);
        }

        // Everything outside the customer's own state goes first: a retry after a failure finds the state still pointing at it.
        var (tombstone, erased) = Erasure.Erase(state, clock.Now);
        effects.Forget(tenant, id);
        await Task.WhenAll(Enumerable.Range(0, erased.ArchivePages)
            .Select(page => GrainFactory.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(tenant, id, page)).Clear()));
        await Task.WhenAll(state.DecisionPages.Select(page => GrainFactory.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(tenant, id, page.Page)).Clear()));
        await Task.WhenAll(erased.CaseIds.Select(caseId => GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Of(tenant, caseId)).Release(id)));
        if (Indexes is { } indexes)
        {
            await Task.WhenAll(erased.CaseIds.Select(caseId => indexes.ReleaseAsync(tenant, caseId, id)));
            await indexes.DelistAsync(tenant, id);
            await indexes.RescheduleAsync(Key, null);
        }

        var outboxEntries = await GrainFactory.GetGrain<IActionOutboxGrain>(tenant).Erase(id);

        // A snapshot of the tombstone replaces the log and every earlier snapshot.
        await WriteAsync(tombstone, null);
        DeliverSegments(state, tombstone);
        await GrainFactory.GetGrain<ICustomerDirectoryGrain>(CustomerDirectory.ShardKey(tenant, id)).Remove(id);
        await GrainFactory.GetGrain<IStatisticsShardGrain>(TenantStatistics.ShardKey(tenant, id)).Forget(id);
        _linkedCases = null;
        await NotifyWatchers(w => w.OnChanged(new CustomerChanged(tenant, id, tombstone.Version, [])));
        return new ErasureReceipt(tenant, id, true, tombstone.ErasedAt, erased.Touchpoints, erased.Cases, erased.Actions, erased.ArchivePages, outboxEntries);
    }

    public Task<string> GetActivationId() => Task.FromResult(this.GetGrainId() + "@" + RuntimeIdentity + "#" + GetHashCode());

    private static CustomerLogEntry Entry(StepKind kind, StepResult result, Policy policy, DateTimeOffset now) =>
        new() { Kind = kind, Now = now, PolicyTenant = policy.Tenant, PolicyVersion = policy.Version, Version = result.State.Version };

    /// <summary>
    /// Makes a step durable and hands its effects on. Archive pages (one in every 50 touchpoints) are
    /// stored before the write, so that no snapshot ever lacks touchpoints the archive does not hold;
    /// everything else the step asks for is delivered after the acknowledgement.
    /// </summary>
    /// <returns>The claimed case ids another customer owns (nothing was written then), or nothing.</returns>
    private async Task<ImmutableArray<string>> Commit(StepResult result, CustomerLogEntry entry, ImmutableArray<string> claims)
    {
        var next = result.State;
        ImmutableArray<string> lost;
        EffectHandover handover;
        long? marked;
        try
        {
            foreach (var page in result.Effects.ArchivePages)
            {
                await GrainFactory.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(next.Tenant, next.CustomerId, page.Page)).Store(page.Touchpoints);
            }

            foreach (var page in result.Effects.DecisionPages)
            {
                await GrainFactory.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(next.Tenant, next.CustomerId, page.Page.Page)).Store(page.Decisions);
            }

            // The marker makes the handover findable should this silo die before delivering it.
            handover = Handover(result);
            marked = handover.IsEmpty ? null : effects.MarkMoment();
            lost = await WriteAsync(next, entry, Indexed(result, claims), marked);
        }
        catch (Exception exception)
        {
            // The write may or may not have reached storage: reload on the next call rather than guess.
            DeactivateOnIdle();
            logger.LogWarning(exception, "Persisting customer {Customer} failed; nothing of this call was acknowledged", Key);
            throw;
        }

        if (!lost.IsDefaultOrEmpty)
        {
            return lost;
        }

        Deliver(result, handover);
        if (marked is { } at)
        {
            effects.Marked(Key, at);
        }

        if (!result.Effects.ExpiredDecisionPages.IsEmpty)
        {
            await ClearDecisionPagesAsync(next, result.Effects.ExpiredDecisionPages);
        }

        return [];
    }

    /// <summary>Case ids the accepted touchpoints name that this customer did not hold yet.</summary>
    private ImmutableArray<string> Claims(StepResult result, ImmutableArray<Touchpoint> accepted)
    {
        if (Indexes is null)
        {
            return [];
        }

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
    private IndexChanges Indexed(StepResult result, ImmutableArray<string> claims)
    {
        if (Indexes is null)
        {
            return IndexChanges.None;
        }

        var state = result.State;
        var wake = state.Exists ? result.Effects.NextWake : null;
        var reschedule = (result.Effects.Decided || !state.Exists) && (!_scheduleKnown || wake != _registeredWake);
        return new IndexChanges(claims, state.Exists && !state.Listed && !_listingAsked, reschedule, wake);
    }

    private sealed record IndexChanges(ImmutableArray<string> Claims, bool List, bool Reschedule, DateTimeOffset? Wake)
    {
        public static IndexChanges None { get; } = new([], false, false, null);
    }

    private static long? Minute(DateTimeOffset? at) => at is { } due ? Scheduling.WakeSchedule.MinuteOf(due) : null;

    /// <summary>
    /// The one durable write of a step: its log entry appended (group-committed with other customers'
    /// writes of this silo), or, every <c>SnapshotEvery</c> writes and where the store keeps whole
    /// states, a snapshot of the whole customer that replaces the log. A snapshot also records what
    /// the targets have acknowledged (counted statistics, the directory listing).
    /// </summary>
    private async Task<ImmutableArray<string>> WriteAsync(CustomerState next, CustomerLogEntry? entry, IndexChanges? changes = null, long? effectsMarkedAt = null)
    {
        changes ??= IndexChanges.None;
        var snapshot = entry is null || store.WholeStateOnly || _fromLegacy || _appendsSinceSnapshot + 1 >= storeOptions.SnapshotEvery;
        var countedThrough = effects.StatisticsCountedThrough(Key);

        // Statistics batches the tenant's statistics counted leave the state with this write: a snapshot
        // records it in the state, an append in its entry, which a replay follows (so a long-lived customer
        // does not carry every batch since its last snapshot).
        var written = snapshot ? WithDeliveryReceipts(next, countedThrough) : JourneyStep.WithoutCountedStatistics(next, countedThrough);
        var forgetsCounted = !snapshot && !ReferenceEquals(written, next);
        if (forgetsCounted)
        {
            entry = entry! with { StatisticsCountedThrough = countedThrough };
        }

        var append = new CustomerAppend(Key, _fence, next.Version, snapshot ? null : entry, snapshot ? written : null)
        {
            Claims = changes.Claims,
            List = changes.List,
            Reschedule = changes.Reschedule,
            WakeMinute = Minute(changes.Wake),
            EffectsMarkedAt = effectsMarkedAt,
        };
        var result = await store.AppendAsync(append);
        if (!result.LostClaims.IsDefaultOrEmpty)
        {
            return result.LostClaims;
        }

        if (!result.Committed)
        {
            logger.LogWarning("The write of {Customer} was refused: another activation wrote since this one read (a stale activation); it reloads", Key);
            throw new StaleActivationException(Key);
        }

        foreach (var caseId in changes.Claims)
        {
            Link(caseId);
        }

        _listingAsked |= changes.List;
        if (changes.Reschedule)
        {
            (_registeredWake, _scheduleKnown) = (changes.Wake, true);
        }

        if (snapshot)
        {
            // The snapshot holds what the targets acknowledged: the silo need not remember it for this customer any longer.
            effects.ReceiptsRecorded(Key, countedThrough);
        }
        else if (forgetsCounted)
        {
            effects.StatisticsReceiptRecorded(Key, countedThrough);
        }

        (_stored, _fence) = (written, result.Fence);
        _appendsSinceSnapshot = snapshot ? 0 : _appendsSinceSnapshot + 1;
        if (snapshot && _fromLegacy)
        {
            _fromLegacy = false;
            try
            {
                await store.ForgetLegacyAsync(Key);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Removing the earlier whole-state copy of {Customer} failed; it is no longer read", Key);
            }
        }

        return [];
    }

    /// <summary>
    /// What a step hands to targets outside the store once it is durable: connectors' actions, new
    /// statistics batches, a changed segment membership, and — where the directory and the schedule are
    /// grains of their own — the listing and the next wake-up. Decided before the write, whose marker
    /// depends on it.
    /// </summary>
    private sealed record EffectHandover(
        ImmutableArray<OutboundAction> Dispatched,
        ImmutableArray<OutboundAction> Cancelled,
        ImmutableArray<StatisticsBatch> Statistics,
        Segments.SegmentMembership? Segments,
        bool List,
        DateTimeOffset? Wake)
    {
        public bool IsEmpty => Dispatched.IsEmpty && Cancelled.IsEmpty && Statistics.IsEmpty && Segments is null && !List && Wake is null;
    }

    private EffectHandover Handover(StepResult result)
    {
        var (before, state) = (result.Before, result.State);
        var separate = Indexes is null && state.Exists;
        return new EffectHandover(
            ForConnectors(result.Effects.Dispatched),
            ForConnectors(result.Effects.Cancelled),
            state.StatisticsSequence > before.StatisticsSequence ? NewStatistics(state, before.StatisticsSequence) : [],
            SegmentChange(before, state),
            separate && !state.Listed && !_listingAsked,
            separate && result.Effects.Decided && result.Effects.NextWake is { } due && due != _registeredWake ? due : null);
    }

    private static ImmutableArray<OutboundAction> ForConnectors(ImmutableArray<OutboundAction> actions)
    {
        foreach (var action in actions)
        {
            if (!ForConnectors(action))
            {
                return [.. actions.Where(ForConnectors)];
            }
        }

        return actions;
    }

    /// <summary>The statistics batches numbered after <paramref name="after"/>: usually the last one alone.</summary>
    private static ImmutableArray<StatisticsBatch> NewStatistics(CustomerState state, long after)
    {
        var pending = state.PendingStatistics;
        var first = pending.Length;
        while (first > 0 && pending[first - 1].Sequence > after)
        {
            first--;
        }

        return first == 0 ? pending : pending[first..];
    }

    /// <summary>Everything the step asks of the world beyond the customer, to the silo's effect dispatcher.</summary>
    private void Deliver(StepResult result, EffectHandover handover)
    {
        foreach (var action in result.Effects.Dispatched)
        {
            JourneyMetrics.Action(action);
        }

        foreach (var action in result.Effects.Cancelled)
        {
            JourneyMetrics.Action(action);
        }

        var state = result.State;
        if (!handover.Dispatched.IsEmpty || !handover.Cancelled.IsEmpty)
        {
            effects.Outbox(state.Tenant, state.CustomerId, handover.Dispatched, handover.Cancelled);
        }

        effects.Statistics(state.Tenant, state.CustomerId, handover.Statistics);
        if (handover.Segments is { } membership)
        {
            effects.Segments(state.Tenant, state.CustomerId, membership);
        }

        if (handover.List)
        {
            effects.List(state.Tenant, state.CustomerId);
            _listingAsked = true;
        }

        if (handover.Wake is { } due)
        {
            effects.Wake(Key, due);
            _registeredWake = due;
        }
    }

    private void DeliverSegments(CustomerState before, CustomerState after)
    {
        if (SegmentChange(before, after) is { } membership)
        {
            effects.Segments(after.Tenant, after.CustomerId, membership);
        }
    }

    /// <summary>The customer's segment membership and experiment contribution when a step changed them; null when it did not.</summary>
    private static Segments.SegmentMembership? SegmentChange(CustomerState before, CustomerState after)
    {
        if (before.ExperimentAssignments.IsEmpty && after.ExperimentAssignments.IsEmpty && before.Segments.SequenceEqual(after.Segments))
        {
            return null;
        }

        var (facts, measures) = Experiments.Contribution(after);
        return before.Segments.SequenceEqual(after.Segments) && Same(Experiments.Contribution(before), (facts, measures))
            ? null
            : new Segments.SegmentMembership(after.Version, after.Segments, facts, measures);
    }

    private bool HasDeliveryReceipts(CustomerState state) =>
        (!state.Listed && effects.Listed(Key)) || state.PendingStatistics.Any(b => b.Sequence <= effects.StatisticsCountedThrough(Key));

    /// <summary>The state as the targets have acknowledged it: listed in the directory, counted statistics batches dropped.</summary>
    private CustomerState WithDeliveryReceipts(CustomerState state, long countedThrough)
    {
        var counted = JourneyStep.WithoutCountedStatistics(state, countedThrough);
        return !counted.Listed && counted.Exists && effects.Listed(Key) ? counted with { Listed = true } : counted;
    }

    /// <summary>Pages past the policy's retention, once the state no longer points at them; a failure leaves an orphaned page behind (logged), never a gap.</summary>
    private async Task ClearDecisionPagesAsync(CustomerState state, ImmutableArray<int> pages)
    {
        try
        {
            await Task.WhenAll(pages.Select(p => GrainFactory.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(state.Tenant, state.CustomerId, p)).Clear()));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Clearing expired decision pages of {Customer} failed", this.GetPrimaryKeyString());
        }
    }

    private static bool Same((ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) a, (ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) b) =>
        a.Facts.SequenceEqual(b.Facts) && a.Measures.Count == b.Measures.Count && a.Measures.All(m => b.Measures.TryGetValue(m.Key, out var v) && v == m.Value);

    // Bookings by teams (requestContact) are carried out by the team itself; in-app messages are shown by the app.
    private static bool ForConnectors(OutboundAction action) => !action.BookedByTeam();

    /// <summary>Case ids of the batch, new to this customer, that another customer already owns; each new id is claimed once per activation.</summary>
    private async Task<IReadOnlySet<string>?> ForeignCasesAsync(CustomerState state, ImmutableArray<Touchpoint> batch)
    {
        HashSet<string>? foreign = null;
        foreach (var touchpoint in batch)
        {
            if (touchpoint.CaseId is not { } caseId || Linked(caseId) || foreign?.Contains(caseId) == true
                || state.FindCase(caseId) is not null || state.HasSeen(touchpoint.EventId))
            {
                continue;
            }

            var link = await GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Of(state.Tenant, caseId)).Link(state.CustomerId);
            if (link == CaseLinkResult.Linked)
            {
                Link(caseId);
            }
            else
            {
                (foreign ??= new HashSet<string>(StringComparer.Ordinal)).Add(caseId);
            }
        }

        return foreign;
    }

    private bool Linked(string caseId) => _linkedCases is { } linked && Array.IndexOf(linked, caseId) >= 0;

    private void Link(string caseId)
    {
        if (!Linked(caseId))
        {
            _linkedCases = _linkedCases is null ? [caseId] : [.. _linkedCases, caseId];
        }
    }

    private Task NotifyWatchers(Func<ICustomerWatcher, Task> notification) =>
        _watchers is { Count: > 0 } watchers ? watchers.Notify(notification) : Task.CompletedTask;

    private static IngestStatus ToStatus(ApplyStatus status) => status switch
    {
        ApplyStatus.Accepted => IngestStatus.Accepted,
        ApplyStatus.Duplicate => IngestStatus.Duplicate,
        _ => IngestStatus.Rejected,
    };
}

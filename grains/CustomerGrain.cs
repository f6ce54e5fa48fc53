using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Grains.Outbox;
using Journey.Grains.Policies;
using Journey.Grains.Scheduling;
using Journey.Grains.Directory;
using Journey.Grains.Segments;
using Journey.Grains.Statistics;
using Journey.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Journey.Grains;

public sealed class CustomerGrain(
    ICustomerStore store,
    CustomerStoreOptions storeOptions,
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

    // Cases whose owner link is known to point here, so a case grain is asked once per activation.
    private HashSet<string>? _linkedCases;

    private DateTimeOffset? _registeredWake;
    private bool _segmentsUnpublished;
    private long _statisticsCountedThrough;
    private (ImmutableArray<OutboundAction> Dispatched, ImmutableArray<OutboundAction> Cancelled) _unpublished;

    // The customer as last made durable (null: never stored), the fence its next write presents, and the log since the last snapshot.
    private CustomerState? _stored;
    private string? _fence;
    private int _appendsSinceSnapshot;
    private bool _fromLegacy;

    private CustomerState Current => _stored is { Exists: true } state ? state : Empty;

    /// <summary>What is stored: the customer, an erasure's tombstone, or an empty customer never seen.</summary>
    private CustomerState Stored => _stored is { Erased: true } tombstone ? tombstone : Current;

    private string Key => this.GetPrimaryKeyString();

    private CustomerState Empty
    {
        get
        {
            var (tenant, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
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

        // Actions dispatched but not reported on may not have reached the outbox before a crash: offer them again (the outbox dedupes).
        _unpublished = ([.. Current.Actions.Where(a => a.Status == ActionStatus.DISPATCHED && ForConnectors(a))], []);
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
        if (replayed.Version != entry.Version)
        {
            logger.LogError("Replaying {Customer}'s log diverged: a {Kind} step reached version {Replayed}, the log says {Logged}", Key, entry.Kind, replayed.Version, entry.Version);
        }

        return replayed;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A snapshot, so the next activation replays nothing; it also records which statistics were counted.
        // Only when collected as idle: while a silo shuts down, storage may already be gone.
        if (_stored is { } state && reason.ReasonCode == DeactivationReasonCode.ActivationIdle
            && (_appendsSinceSnapshot > 0 || state.PendingStatistics.Any(b => b.Sequence <= _statisticsCountedThrough)))
        {
            try
            {
                await WriteAsync(WithoutCountedStatistics(state), null);
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
        span?.SetTag("journey.customer", this.GetPrimaryKeyString());
        span?.SetTag("journey.batch", batch.Length);
        await PublishPendingAsync();
        var stored = Stored;
        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        var foreignCases = await ForeignCasesAsync(stored, batch);

        // One moment for the whole batch: the touchpoints record it, and a replay runs them at it.
        var now = clock.Now;
        StepResult result;
        using (var decide = JourneyMetrics.Tracing.StartActivity("journey.rules.decide"))
        {
            decide?.SetTag("journey.trigger", batch[0].Type.ToString());
            decide?.SetTag("journey.policy_version", policy.Version);
            result = JourneyStep.Touchpoints(stored, batch, policy, now, settings, foreignCases);
            decide?.SetTag("journey.dispatched", result.Effects.Dispatched.Length);
        }

        if (result.Changed)
        {
            var accepted = batch.Where((_, i) => result.Outcomes[i].Status == ApplyStatus.Accepted).ToImmutableArray();
            await Persist(result, Entry(StepKind.Touchpoints, result, policy, now) with { Touchpoints = accepted });
            await Publish(result.Effects);
            var state = result.State;
            await NotifyWatchers(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, [.. result.Accepted])));
        }

        await EnsureWakeRegistered(result.State.Exists && result.Effects.Decided ? result.Effects.NextWake : null);
        for (var i = 0; i < batch.Length; i++)
        {
            JourneyMetrics.Touchpoint(batch[i].Type, ToStatus(result.Outcomes[i].Status));
        }

        JourneyMetrics.Ingested(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return [.. result.Outcomes.Select(o => new IngestOutcome(o.EventId, ToStatus(o.Status), o.Version, o.Errors))];
    }

    public async Task<DateTimeOffset?> Wake()
    {
        await PublishPendingAsync();
        var stored = Current;
        if (!stored.Exists)
        {
            return null;
        }

        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        var now = clock.Now;
        var result = JourneyStep.Wake(stored, policy, now, settings);
        if (result.Changed)
        {
            await Persist(result, Entry(StepKind.Wake, result, policy, now));
            await Publish(result.Effects);
            var state = result.State;
            await NotifyWatchers(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, [])));
        }

        // The shard registers the answer; remember it so the next touchpoint does not register it again.
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
            await Persist(result, Entry(StepKind.Booking, result, policy, now) with { Team = team, Channel = channel, Purpose = purpose });
            var state = result.State;
            await NotifyWatchers(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, [])));
        }

        return decision;
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
        var (tenant, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        if (_stored is not { Exists: true } state)
        {
            return new ErasureReceipt(tenant, id, false, _stored?.ErasedAt, 0, 0, 0, 0, 0);
        }

        // Everything outside the customer's own state goes first: a retry after a failure finds the state still pointing at it.
        var (tombstone, erased) = Erasure.Erase(state, clock.Now);
        await Task.WhenAll(Enumerable.Range(0, erased.ArchivePages)
            .Select(page => GrainFactory.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(tenant, id, page)).Clear()));
        await Task.WhenAll(state.DecisionPages.Select(page => GrainFactory.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(tenant, id, page.Page)).Clear()));
        await Task.WhenAll(erased.CaseIds.Select(caseId => GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Of(tenant, caseId)).Release(id)));
        var outboxEntries = await GrainFactory.GetGrain<IActionOutboxGrain>(tenant).Erase(id);

        // A snapshot of the tombstone replaces the log and every earlier snapshot.
        await WriteAsync(tombstone, null);
        await PublishSegmentsAsync(state, tombstone);
        await GrainFactory.GetGrain<ICustomerDirectoryGrain>(CustomerDirectory.ShardKey(tenant, id)).Remove(id);
        await GrainFactory.GetGrain<IStatisticsShardGrain>(TenantStatistics.ShardKey(tenant, id)).Forget(id);
        _unpublished = ([], []);
        _linkedCases = null;
        await NotifyWatchers(w => w.OnChanged(new CustomerChanged(tenant, id, tombstone.Version, [])));
        return new ErasureReceipt(tenant, id, true, tombstone.ErasedAt, erased.Touchpoints, erased.Cases, erased.Actions, erased.ArchivePages, outboxEntries);
    }

    public Task<string> GetActivationId() => Task.FromResult(this.GetGrainId() + "@" + RuntimeIdentity + "#" + GetHashCode());

    private static CustomerLogEntry Entry(StepKind kind, StepResult result, Policy policy, DateTimeOffset now) =>
        new() { Kind = kind, Now = now, PolicyTenant = policy.Tenant, PolicyVersion = policy.Version, Version = result.State.Version };

    /// <summary>Makes a step durable: archive pages before the state that no longer holds their touchpoints, then the step; then the indexes it feeds.</summary>
    private async Task Persist(StepResult result, CustomerLogEntry entry)
    {
        var before = result.Before;
        var next = WithoutCountedStatistics(result.State);
        try
        {
            next = await ListAsync(next);
            foreach (var page in result.Effects.ArchivePages)
            {
                await GrainFactory.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(next.Tenant, next.CustomerId, page.Page)).Store(page.Touchpoints);
            }

            foreach (var page in result.Effects.DecisionPages)
            {
                await GrainFactory.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(next.Tenant, next.CustomerId, page.Page.Page)).Store(page.Decisions);
            }

            await WriteAsync(next, entry);
        }
        catch (Exception exception)
        {
            // The write may or may not have reached storage: reload on the next call rather than guess.
            DeactivateOnIdle();
            logger.LogWarning(exception, "Persisting customer {Customer} failed; nothing of this call was acknowledged", Key);
            throw;
        }

        await ClearDecisionPagesAsync(next, result.Effects.ExpiredDecisionPages);
        await PublishSegmentsAsync(before, next);
        await PublishStatisticsAsync();
    }

    /// <summary>
    /// The one durable write of a step: its log entry appended (group-committed with other customers'
    /// writes of this silo), or, every <c>SnapshotEvery</c> writes and where the store keeps whole
    /// states, a snapshot of the whole customer that replaces the log.
    /// </summary>
    private async Task WriteAsync(CustomerState next, CustomerLogEntry? entry)
    {
        var snapshot = entry is null || store.WholeStateOnly || _fromLegacy || _appendsSinceSnapshot + 1 >= storeOptions.SnapshotEvery;
        var written = await store.AppendAsync(new CustomerAppend(Key, _fence, next.Version, snapshot ? null : entry, snapshot ? next : null));
        if (!written.Committed)
        {
            throw new StaleActivationException(Key);
        }

        (_stored, _fence) = (next, written.Fence);
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

    private CustomerState WithoutCountedStatistics(CustomerState state) => JourneyStep.WithoutCountedStatistics(state, _statisticsCountedThrough);

    /// <summary>Sends the batches of statistics facts the tenant's statistics have not acknowledged; retried with the next call when it fails.</summary>
    private async Task PublishStatisticsAsync()
    {
        var state = Current;
        var uncounted = state.PendingStatistics.Where(b => b.Sequence > _statisticsCountedThrough).ToImmutableArray();
        if (uncounted.IsEmpty)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IStatisticsShardGrain>(TenantStatistics.ShardKey(state.Tenant, state.CustomerId))
                .Add([.. uncounted.Select(b => new StatisticsDelivery(state.CustomerId, b))]);
            _statisticsCountedThrough = uncounted[^1].Sequence;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Sending statistics of {Customer} failed; will retry", this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// Lists the customer in the tenant's directory before the write that records it as listed (a
    /// listing whose write then fails is harmless: a replay finds no history). Customers stored before
    /// the directory existed are listed at their next write. A failure is retried with the next write.
    /// </summary>
    private async Task<CustomerState> ListAsync(CustomerState state)
    {
        if (state.Listed || !state.Exists)
        {
            return state;
        }

        try
        {
            await GrainFactory.GetGrain<ICustomerDirectoryGrain>(CustomerDirectory.ShardKey(state.Tenant, state.CustomerId)).Add(state.CustomerId);
            return state with { Listed = true };
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Listing {Customer} in the tenant directory failed; will retry", this.GetPrimaryKeyString());
            return state;
        }
    }

    /// <summary>Tells the tenant's segment index when the customer's segments changed (after they are durable here); retried with the next change when it fails.</summary>
    private async Task PublishSegmentsAsync(CustomerState before, CustomerState after)
    {
        if (!_segmentsUnpublished && before.ExperimentAssignments.IsEmpty && after.ExperimentAssignments.IsEmpty && before.Segments.SequenceEqual(after.Segments))
        {
            return;
        }

        var (facts, measures) = Experiments.Contribution(after);
        if (!_segmentsUnpublished && before.Segments.SequenceEqual(after.Segments) && Same(Experiments.Contribution(before), (facts, measures)))
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<ISegmentShardGrain>(SegmentIndex.ShardKey(after.Tenant, after.CustomerId))
                .Update(after.CustomerId, new SegmentMembership(after.Version, after.Segments, facts, measures));
            _segmentsUnpublished = false;
        }
        catch (Exception exception)
        {
            _segmentsUnpublished = true;
            logger.LogWarning(exception, "Updating the segment index for {Customer} failed; will retry", this.GetPrimaryKeyString());
        }
    }

    private static bool Same((ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) a, (ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) b) =>
        a.Facts.SequenceEqual(b.Facts) && a.Measures.Count == b.Measures.Count && a.Measures.All(m => b.Measures.TryGetValue(m.Key, out var v) && v == m.Value);

    /// <summary>Hands dispatched and cancelled actions to the tenant's outbox, after they are durable here.</summary>
    private async Task Publish(StepEffects effects)
    {
        foreach (var action in effects.Dispatched.Concat(effects.Cancelled))
        {
            JourneyMetrics.Action(action);
        }

        var withConnectors = effects.Dispatched.Where(ForConnectors).ToImmutableArray();
        var cancelledForConnectors = effects.Cancelled.Where(ForConnectors).ToImmutableArray();
        _unpublished = ([.. _unpublished.Dispatched.IsDefault ? [] : _unpublished.Dispatched, .. withConnectors], [.. _unpublished.Cancelled.IsDefault ? [] : _unpublished.Cancelled, .. cancelledForConnectors]);
        try
        {
            await PublishPendingAsync();
        }
        catch (Exception exception)
        {
            // The decision is durable in the customer's state; the next call offers the actions again.
            logger.LogWarning(exception, "Handing actions of {Customer} to the outbox failed; will retry", this.GetPrimaryKeyString());
        }
    }

    private async Task PublishPendingAsync()
    {
        await PublishStatisticsAsync();
        var (dispatched, cancelled) = _unpublished;
        if ((dispatched.IsDefaultOrEmpty) && (cancelled.IsDefaultOrEmpty))
        {
            return;
        }

        await GrainFactory.GetGrain<IActionOutboxGrain>(Current.Tenant).Append(Current.CustomerId, dispatched.IsDefault ? [] : dispatched, cancelled.IsDefault ? [] : cancelled);
        _unpublished = ([], []);
    }

    // Bookings by teams (requestContact) are carried out by the team itself; in-app messages are shown by the app.
    private static bool ForConnectors(OutboundAction action) => action.Team is null || action.StepId is not null;

    private async Task EnsureWakeRegistered(DateTimeOffset? next)
    {
        if (next is not { } due || due == _registeredWake)
        {
            return;
        }

        var key = this.GetPrimaryKeyString();
        await GrainFactory.GetGrain<IWakeShardGrain>(WakeSchedule.ShardOf(key)).Register(key, due);
        _registeredWake = due;
    }

    /// <summary>Case ids of the batch, new to this customer, that another customer already owns; each new id is claimed once per activation.</summary>
    private async Task<IReadOnlySet<string>?> ForeignCasesAsync(CustomerState state, ImmutableArray<Touchpoint> batch)
    {
        HashSet<string>? foreign = null;
        foreach (var touchpoint in batch)
        {
            if (touchpoint.CaseId is not { } caseId || _linkedCases?.Contains(caseId) == true || foreign?.Contains(caseId) == true
                || state.FindCase(caseId) is not null || state.HasSeen(touchpoint.EventId))
            {
                continue;
            }

            var link = await GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Of(state.Tenant, caseId)).Link(state.CustomerId);
            if (link == CaseLinkResult.Linked)
            {
                (_linkedCases ??= new HashSet<string>(StringComparer.Ordinal)).Add(caseId);
            }
            else
            {
                (foreign ??= new HashSet<string>(StringComparer.Ordinal)).Add(caseId);
            }
        }

        return foreign;
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

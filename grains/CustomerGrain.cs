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
/// acknowledgement and the watchers; what the step asks of the world beyond the customer goes to the
/// silo's effect dispatcher and is delivered after, batched with other customers' effects.
/// </summary>
public sealed class CustomerGrain(
    CustomerLogServices logServices,
    EffectDispatcher effects,
    JourneySettings settings,
    BusinessClock clock,
    PolicyCatalog policies,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    /// <summary>Watchers re-register within this lease; a watcher that stops doing so is forgotten.</summary>
    public static readonly TimeSpan WatchLease = TimeSpan.FromMinutes(1);

    // Most customers are never watched: the manager exists only when needed, since every resident customer carries it.
    private ObserverManager<ICustomerWatcher>? _watchers;
    private CustomerLog _log = null!;
    private bool _resident;

    private CustomerState Current => _log.Stored is { Exists: true } state ? state : Empty;

    /// <summary>What is stored: the customer, an erasure's tombstone, or an empty customer never seen.</summary>
    private CustomerState Stored => _log.Stored is { Erased: true } tombstone ? tombstone : Current;

    // The grain's key as one string for the activation (GetPrimaryKeyString decodes a new one on every call).
    private string Key => _log?.Key ?? this.GetPrimaryKeyString();

    private CustomerState Empty
    {
        get
        {
            var (tenant, id) = GrainKeys.Parse(Key);
            return CustomerJourney.Empty(tenant, id);
        }
    }

    private CustomerArchives Archives
    {
        get
        {
            var (tenant, id) = GrainKeys.Parse(Key);
            return new CustomerArchives(GrainFactory, tenant, id);
        }
    }

    /// <summary>Activation is the last snapshot plus its log replayed through the step function, each entry under the policy it ran under.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _log = new CustomerLog(this.GetPrimaryKeyString(), logServices, this);
        await _log.LoadAsync(Empty, ReplayAsync);
        _resident = true;
        JourneyMetrics.CustomerActivated();
        if (_log.Stored is { Exists: true } existing)
        {
            // What the state says was asked of the world may not have arrived before a crash: ask again (the targets deduplicate).
            var dispatched = existing.Actions.Where(a => a.Status == ActionStatus.DISPATCHED && EffectHandover.ForConnectors(a)).ToImmutableArray();
            if (!dispatched.IsEmpty)
            {
                effects.Outbox(_log.Customer(existing), dispatched, []);
            }

            effects.Statistics(_log.Customer(existing), existing.PendingStatistics);
        }
    }

    private async Task<CustomerState> ReplayAsync(CustomerState state, CustomerLogEntry entry)
    {
        var policy = await policies.GetVersionAsync(state.Tenant, entry.PolicyTenant, entry.PolicyVersion);
        var counted = entry.StatisticsCountedThrough ?? 0;
        var replayed = (entry.Kind switch
        {
            StepKind.Touchpoints => JourneyStep.Touchpoints(state, entry.Touchpoints, policy, entry.Now, settings, statisticsCountedThrough: counted),
            StepKind.Wake => JourneyStep.Wake(state, policy, entry.Now, settings, counted),
            _ => JourneyStep.RequestContact(state, policy, entry.Team!.Value, entry.Channel!.Value, entry.Purpose ?? "", entry.Now, settings, counted).Result,
        }).State;

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

        await _log.SnapshotAsync(reason);
    }

    public async Task<ImmutableArray<IngestOutcome>> Ingest(ImmutableArray<Touchpoint> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = JourneyMetrics.Tracing.StartActivity("journey.customer.ingest");
        span?.SetTag("journey.customer", Key);
        span?.SetTag("journey.batch", batch.Length);

        // Load: the state is resident; the policy in force is known once read.
        var stored = Stored;
        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        // New case ids are claimed in the write itself; those another customer owns come back, and the step runs again without them.
        IReadOnlySet<string>? foreignCases = null;
        // One moment for the whole batch: the touchpoints record it, and a replay runs them at it.
        var now = clock.Now;
        var counted = CountedThrough(stored);
        while (true)
        {
            // Step.
            var result = Decide(stored, batch, policy, now, foreignCases, counted);
            if (!result.Changed)
            {
                return Answer(batch, result, started);
            }

            // Write: one append, group-committed with other customers' writes of this silo.
            var accepted = Accepted(batch, result.Outcomes);
            var lost = await _log.CommitAsync(result, Entry(StepKind.Touchpoints, result, policy, now, counted, accepted), _log.Claims(result, accepted));

            // Notify.
            if (lost.IsDefaultOrEmpty)
            {
                await NotifyChanged(result.State.Tenant, result.State.CustomerId, result.State.Version, result);
                return Answer(batch, result, started);
            }

            // Another customer owns some of the case ids: the step again, with those touchpoints refused.
            foreignCases = new HashSet<string>([.. foreignCases ?? new HashSet<string>(), .. lost], StringComparer.Ordinal);
        }
    }

    private StepResult Decide(CustomerState stored, ImmutableArray<Touchpoint> batch, Policy policy, DateTimeOffset now, IReadOnlySet<string>? foreignCases, long counted)
    {
        using var decide = JourneyMetrics.Tracing.StartActivity("journey.rules.decide");
        decide?.SetTag("journey.trigger", batch[0].Type.ToString());
        decide?.SetTag("journey.policy_version", policy.Version);
        var result = JourneyStep.Touchpoints(stored, batch, policy, now, settings, foreignCases, counted);
        decide?.SetTag("journey.dispatched", result.Effects.Dispatched.Length);
        return result;
    }

    /// <summary>Each touchpoint's outcome as the caller sees it, counted in the metrics.</summary>
    private static ImmutableArray<IngestOutcome> Answer(ImmutableArray<Touchpoint> batch, StepResult result, long started)
    {
        var outcomes = ImmutableArray.CreateBuilder<IngestOutcome>(result.Outcomes.Length);
        for (var i = 0; i < result.Outcomes.Length; i++)
        {
            var outcome = result.Outcomes[i];
            var status = ToStatus(outcome.Status);
            JourneyMetrics.Touchpoint(batch[i].Type, status);
            outcomes.Add(new IngestOutcome(outcome.EventId, status, outcome.Version, outcome.Errors));
        }

        JourneyMetrics.Ingested(System.Diagnostics.Stopwatch.GetElapsedTime(started));
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
            await _log.Store.RescheduleAsync(Key, null);
            return null;
        }

        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        var now = clock.Now;
        var counted = CountedThrough(stored);
        var result = JourneyStep.Wake(stored, policy, now, settings, counted);
        if (result.Changed)
        {
            // The entry that fired is spent: the write moves this customer's place in the schedule with the rest of the step.
            _log.ScheduleKnown = false;
            await _log.CommitAsync(result, Entry(StepKind.Wake, result, policy, now, counted), []);
            await NotifyChanged(result.State.Tenant, result.State.CustomerId, result.State.Version, null);
        }
        else
        {
            await _log.Store.RescheduleAsync(Key, CustomerLog.Minute(result.Effects.NextWake));
            _log.ScheduleKnown = true;
        }

        _log.RegisteredWake = result.Effects.NextWake;
        return result.Effects.NextWake;
    }

    public async Task<ContactDecision> RequestContact(Team team, Channel channel, string purpose)
    {
        var stored = Stored;
        var policy = await policies.GetEffectiveAsync(stored.Tenant);
        var now = clock.Now;
        var counted = CountedThrough(stored);
        var (result, decision) = JourneyStep.RequestContact(stored, policy, team, channel, purpose, now, settings, counted);
        JourneyMetrics.ContactRequest(decision.Outcome);
        if (result.Changed)
        {
            await _log.CommitAsync(result, Entry(StepKind.Booking, result, policy, now, counted) with { Team = team, Channel = channel, Purpose = purpose }, []);
            await NotifyChanged(result.State.Tenant, result.State.CustomerId, result.State.Version, null);
        }

        return decision;
    }

    public async Task RecoverEffects(long markedAt)
    {
        // Outbox entries and statistics were offered by the activation; segment membership and worklist items are offered here.
        if (Current is { Exists: true } state)
        {
            DeliverSegments(Empty, state);
            effects.Worklist(_log.Customer(state), new Journey.Abstractions.Worklists.WorklistUpdate(state.CustomerId, state.Version, WorklistRules.Of(state)));

            // The listing and the wake-up the write asked for, asserted again: a store that cannot change them in the
            // customer's own transaction keeps the marker until it has, so a silo that died in between is covered.
            if (!state.Listed)
            {
                await _log.Store.ListAsync(state.Tenant, state.CustomerId);
            }

            _log.ScheduleKnown = false;
            await Wake();
        }

        effects.Marked(Key, markedAt);
    }


    public Task<CustomerState?> Get() => Task.FromResult(_log.Stored is { Exists: true } state ? state : null);

    public Task<ImmutableArray<Touchpoint>> GetArchive() => Archives.TimelineAsync(Current.ArchivedPages);

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
        return state.Exists
            ? new CustomerExport(state, await GetArchive(), [.. DecisionArchive.Log(state, await Archives.DecisionPagesAsync(state.DecisionPages, int.MaxValue))])
            : null;
    }

    public async Task<ImmutableArray<OutboundAction>> Decisions(int first)
    {
        var state = Current;
        if (!state.Exists)
        {
            return [];
        }

        var inState = state.Actions.Length + state.Suppressed.Length + state.RetiredDecisions.Length;
        return [.. DecisionArchive.Log(state, await Archives.DecisionPagesAsync(state.DecisionPages, Math.Max(0, first - inState))).Take(Math.Max(0, first))];
    }

    public async Task<ErasureReceipt> Erase()
    {
        var (tenant, id) = GrainKeys.Parse(Key);
        if (_log.Stored is not { Exists: true } state)
        {
            return new ErasureReceipt(tenant, id, false, _log.Stored?.ErasedAt, 0, 0, 0, 0, 0);
        }

        // Everything outside the customer's own state goes first: a retry after a failure finds the state still pointing at it.
        var (tombstone, erased) = Erasure.Erase(state, clock.Now);
        var statistics = GrainFactory.GetGrain<IStatisticsShardGrain>(TenantStatistics.ShardKey(tenant, id));
        await statistics.Add([.. Erasure.FinalStatistics(state, clock.Now).Select(batch => new StatisticsDelivery(id, batch))]);
        effects.Forget(tenant, id);
        await Archives.ClearTimelineAsync(erased.ArchivePages);
        await Archives.ClearDecisionPagesAsync(state.DecisionPages.Select(page => page.Page));
        var store = _log.Store;
        await Task.WhenAll(erased.CaseIds.Select(caseId => GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Of(tenant, caseId)).Release(id)));
        await Task.WhenAll(erased.CaseIds.Select(caseId => store.ReleaseAsync(tenant, caseId, id)));
        await GrainFactory.GetGrain<ICustomerDirectoryGrain>(CustomerDirectory.ShardKey(tenant, id)).Remove(id);
        await store.RescheduleAsync(Key, null);
        var outboxEntries = await GrainFactory.GetGrain<IActionOutboxGrain>(tenant).Erase(id);

        // A snapshot of the tombstone replaces the log and every earlier snapshot.
        await _log.WriteSnapshotAsync(tombstone);
        DeliverSegments(state, tombstone);
        if (EffectHandover.WorklistChange(state, tombstone) is { } emptied)
        {
            effects.Worklist(_log.Customer(tombstone), emptied);
        }

        await statistics.Forget(id);
        _log.ForgetLinks();
        await NotifyChanged(tenant, id, tombstone.Version, null);
        return new ErasureReceipt(tenant, id, true, tombstone.ErasedAt, erased.Touchpoints, erased.Cases, erased.Actions, erased.ArchivePages, outboxEntries);
    }

    /// <param name="counted">The statistics batches the step forgot as counted (0: none), which a replay forgets with it.</param>
    private static CustomerLogEntry Entry(StepKind kind, StepResult result, Policy policy, DateTimeOffset now, long counted, ImmutableArray<Touchpoint> touchpoints = default) => new()
    {
        Kind = kind,
        Now = now,
        PolicyTenant = policy.Tenant,
        PolicyVersion = policy.Version,
        Version = result.State.Version,
        Touchpoints = touchpoints.IsDefault ? [] : touchpoints,
        StatisticsCountedThrough = counted > 0 ? counted : null,
    };

    /// <summary>How far the tenant's statistics have counted this customer's batches, when the state still holds some of those (0: nothing to forget).</summary>
    private long CountedThrough(CustomerState stored) =>
        effects.StatisticsCountedThrough(Key) is var counted && JourneyStep.HasCounted(stored, counted) ? counted : 0;

    /// <summary>A write may or may not have reached storage: this activation goes once the call ends, and the next call loads afresh.</summary>
    internal void ReloadOnNextCall() => DeactivateOnIdle();

    private void DeliverSegments(CustomerState before, CustomerState after)
    {
        if (EffectHandover.SegmentChange(before, after) is { } membership)
        {
            effects.Segments(_log.Customer(after), membership);
        }
    }

    // Nothing is made for the notification unless someone watches (the usual case on the ingest path).
    private Task NotifyChanged(string tenant, string customerId, long version, StepResult? touchpoints)
    {
        if (_watchers is not { Count: > 0 } watchers)
        {
            return Task.CompletedTask;
        }

        var change = new CustomerChanged(tenant, customerId, version, touchpoints is null ? [] : [.. touchpoints.Accepted]);
        return watchers.Notify(w => w.OnChanged(change));
    }

    private static IngestStatus ToStatus(ApplyStatus status) => status switch
    {
        ApplyStatus.Accepted => IngestStatus.Accepted,
        ApplyStatus.Duplicate => IngestStatus.Duplicate,
        _ => IngestStatus.Rejected,
    };
}

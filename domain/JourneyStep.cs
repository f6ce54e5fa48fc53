using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Domain;

/// <summary>What became of one touchpoint of a step: accepted (with the version it made), a duplicate (the version it found), or rejected (version 0).</summary>
public sealed record TouchpointOutcome(string EventId, ApplyStatus Status, long Version, ImmutableArray<FieldError> Errors);

/// <summary>A page of the timeline archive a step filled: its number and its touchpoints, oldest first.</summary>
public sealed record ArchivePage(int Page, ImmutableArray<Touchpoint> Touchpoints);

/// <summary>A page of the decision archive a step filled.</summary>
public sealed record DecisionArchivePage(DecisionPage Page, ImmutableArray<OutboundAction> Decisions);

/// <summary>
/// What a step asks of the world beyond the customer's own state, as data: the caller makes the
/// state durable first and delivers these afterwards. Everything here can be derived again from the
/// state that was written (dispatched actions are in it as DISPATCHED, the next wake follows from it,
/// archive pages are written before a snapshot that no longer holds them), so none is lost when a
/// delivery fails.
/// </summary>
public sealed record StepEffects
{
    public static StepEffects None { get; } = new();

    /// <summary>Actions handed to channel connectors, in the order decided.</summary>
    public ImmutableArray<OutboundAction> Dispatched { get; init; } = [];

    /// <summary>Actions cancelled after they had been dispatched: connectors hear of the cancellation.</summary>
    public ImmutableArray<OutboundAction> Cancelled { get; init; } = [];

    /// <summary>Whether the rules ran in this step, so that <see cref="NextWake"/> is their latest answer.</summary>
    public bool Decided { get; init; }

    /// <summary>When the rules want to look at the customer again (meaningful when <see cref="Decided"/>).</summary>
    public DateTimeOffset? NextWake { get; init; }

    public ImmutableArray<ArchivePage> ArchivePages { get; init; } = [];

    public ImmutableArray<DecisionArchivePage> DecisionPages { get; init; } = [];

    /// <summary>Decision pages past the policy's retention that the state no longer points at.</summary>
    public ImmutableArray<int> ExpiredDecisionPages { get; init; } = [];
}

/// <summary>The customer after one step, what became of each touchpoint, and what the step asks of the world.</summary>
public sealed record StepResult(CustomerState Before, CustomerState State, ImmutableArray<TouchpointOutcome> Outcomes, StepEffects Effects)
{
    /// <summary>Whether there is anything to make durable.</summary>
    public bool Changed => !ReferenceEquals(State, Before);

    /// <summary>Event ids of the touchpoints this step accepted.</summary>
    public IEnumerable<string> Accepted => Outcomes.Where(o => o.Status == ApplyStatus.Accepted).Select(o => o.EventId);
}

/// <summary>
/// The one step of a customer's journey: (state, input, policy, now, settings) → (state, outcomes,
/// effects). A touchpoint, a wake-up and a contact booking each go through here — applied,
/// checked, stamped with when it was received, versioned, the rules run, statistics recorded, the
/// archives rolled — and so does every replay and every test driver. Pure: no clock, no I/O.
/// <c>version</c> rises by one per accepted touchpoint and per state-changing wake or booking,
/// however a stream happened to be batched.
/// </summary>
public static class JourneyStep
{
    /// <summary>
    /// Takes a batch of one customer's touchpoints in order. <paramref name="foreignCases"/> names case
    /// ids the caller found to belong to another customer: touchpoints for them are refused.
    /// <paramref name="statisticsCountedThrough"/> (in every step): the tenant's statistics counted the
    /// customer's batches through that number, so a step that changes the state forgets them.
    /// </summary>
    public static StepResult Touchpoints(CustomerState stored, IReadOnlyList<Touchpoint> batch, Policy policy, DateTimeOffset now, JourneySettings settings,
        IReadOnlySet<string>? foreignCases = null, long statisticsCountedThrough = 0)
    {
        var outcomes = ImmutableArray.CreateBuilder<TouchpointOutcome>(batch.Count);
        if (stored.Erased && policy.Privacy.AfterErasure == AfterErasure.REFUSE)
        {
            foreach (var touchpoint in batch)
            {
                outcomes.Add(Rejected(touchpoint, "customerId", "this customer was erased; the tenant's policy refuses new touchpoints for the id"));
            }

            return new StepResult(stored, stored, outcomes.MoveToImmutable(), StepEffects.None);
        }

        var state = stored.Erased ? Erasure.Fresh(stored) : stored;
        var effects = new EffectsBuilder();
        foreach (var received in batch)
        {
            // The state's own tenant, id and case id strings, not one copy per timeline entry.
            var touchpoint = received.Tenant == state.Tenant && received.CustomerId == state.CustomerId
                ? received with { Tenant = state.Tenant, CustomerId = state.CustomerId, CaseId = KnownCaseId(state, received.CaseId), ReceivedAt = now, Arrival = state.TimelineCount }
                : received with { ReceivedAt = now, Arrival = state.TimelineCount };
            if ((FeedbackLog.Check(touchpoint, policy) ?? Disputes.Check(touchpoint, policy)) is { } invalid)
            {
                outcomes.Add(new TouchpointOutcome(touchpoint.EventId, ApplyStatus.Rejected, 0, [invalid]));
                continue;
            }

            if (touchpoint.CaseId is { } caseId && foreignCases?.Contains(caseId) == true && state.FindCase(caseId) is null && !state.HasSeen(touchpoint.EventId))
            {
                outcomes.Add(Rejected(touchpoint, "caseId", $"case '{caseId}' belongs to another customer"));
                continue;
            }

            var applied = CustomerJourney.Apply(state, touchpoint, settings);
            if (applied.Status != ApplyStatus.Accepted)
            {
                outcomes.Add(new TouchpointOutcome(touchpoint.EventId, applied.Status, applied.Status == ApplyStatus.Duplicate ? state.Version : 0, applied.Errors));
                continue;
            }

            // The rules never read the version: it is set with the statistics, in one copy of the state.
            var decided = Engine.Decide(applied.State, policy, now, touchpoint);
            state = Roll(Statistics.Record(state, decided, state.Version + 1, statisticsCountedThrough, DateOnly.FromDateTime(now.UtcDateTime)), policy, now, settings, effects);
            effects.Decide(decided);
            outcomes.Add(new TouchpointOutcome(touchpoint.EventId, ApplyStatus.Accepted, state.Version, []));
        }

        // Nothing accepted: nothing to write, even for an erased customer started afresh.
        return effects.Decided ? new StepResult(stored, state, outcomes.MoveToImmutable(), effects.Build()) : new StepResult(stored, stored, outcomes.MoveToImmutable(), StepEffects.None);
    }

    /// <summary>The scheduled moment arrived: the rules look at the customer again.</summary>
    public static StepResult Wake(CustomerState stored, Policy policy, DateTimeOffset now, JourneySettings settings, long statisticsCountedThrough = 0)
    {
        if (!stored.Exists)
        {
            return new StepResult(stored, stored, [], StepEffects.None);
        }

        var decided = Engine.Decide(stored, policy, now);
        var effects = new EffectsBuilder();
        effects.Decide(decided);
        if (!decided.Changed)
        {
            return new StepResult(stored, stored, [], effects.Build());
        }

        var state = Roll(Statistics.Record(stored, decided, stored.Version + 1, statisticsCountedThrough, DateOnly.FromDateTime(now.UtcDateTime)), policy, now, settings, effects);
        return new StepResult(stored, state, [], effects.Build());
    }

    /// <summary>A team asks whether it may contact the customer; an allowed contact is booked against the budget.</summary>
    public static (StepResult Result, ContactDecision Decision) RequestContact(CustomerState stored, Policy policy, Team team, Channel channel, string purpose, DateTimeOffset now, JourneySettings settings,
        long statisticsCountedThrough = 0)
    {
        var (decision, booked) = ContactRequests.Decide(stored, policy, team, channel, purpose, now);
        if (ReferenceEquals(booked, stored))
        {
            return (new StepResult(stored, stored, [], StepEffects.None), decision);
        }

        var effects = new EffectsBuilder();
        var state = Roll(booked with { Version = stored.Version + 1, PendingStatistics = Statistics.Uncounted(booked.PendingStatistics, statisticsCountedThrough) }, policy, now, settings, effects);
        return (new StepResult(stored, state, [], effects.Build()), decision);
    }

    /// <summary>Statistics batches up to <paramref name="countedThrough"/> were counted by the tenant's statistics: the state forgets them.</summary>
    public static CustomerState WithoutCountedStatistics(CustomerState state, long countedThrough) =>
        HasCounted(state, countedThrough) ? state with { PendingStatistics = Statistics.Uncounted(state.PendingStatistics, countedThrough) } : state;

    /// <summary>Whether the state holds statistics batches numbered up to <paramref name="countedThrough"/>, which a step would forget.</summary>
    /// <remarks>Batches are numbered in the order they are added, so only the oldest need be looked at (the usual case, on every write).</remarks>
    public static bool HasCounted(CustomerState state, long countedThrough) =>
        state.PendingStatistics is [var oldest, ..] && oldest.Sequence <= countedThrough;

    /// <summary>Decisions past the in-state history leave as a decision page; a timeline past its bound leaves as an archive page.</summary>
    private static CustomerState Roll(CustomerState state, Policy policy, DateTimeOffset now, JourneySettings settings, EffectsBuilder effects)
    {
        var (rolled, decisionPage, decisions, expired) = DecisionArchive.Roll(state, policy, now);
        if (decisionPage is not null)
        {
            effects.DecisionPage(new DecisionArchivePage(decisionPage, decisions));
        }

        effects.ExpiredDecisionPages(expired);
        var (archived, page) = CustomerJourney.TakeArchivePage(rolled, settings);
        if (!page.IsEmpty)
        {
            effects.ArchivePage(new ArchivePage(archived.ArchivedPages - 1, page));
        }

        return archived;
    }

    private static string? KnownCaseId(CustomerState state, string? caseId) =>
        caseId is not null && state.FindCase(caseId) is { } known ? known.CaseId : caseId;

    private static TouchpointOutcome Rejected(Touchpoint touchpoint, string field, string message) =>
        new(touchpoint.EventId, ApplyStatus.Rejected, 0, [new FieldError(field, message)]);

    /// <summary>What a step asks of the world, gathered as it goes; each list is made when its first item comes (most steps fill one or none).</summary>
    private sealed class EffectsBuilder
    {
        private ImmutableArray<OutboundAction>.Builder? _dispatched;
        private ImmutableArray<OutboundAction>.Builder? _cancelled;
        private ImmutableArray<ArchivePage>.Builder? _archivePages;
        private ImmutableArray<DecisionArchivePage>.Builder? _decisionPages;
        private ImmutableArray<int>.Builder? _expiredDecisionPages;

        public bool Decided { get; private set; }
        public DateTimeOffset? NextWake { get; private set; }

        public void Decide(EngineResult decided)
        {
            Add(ref _dispatched, decided.Dispatched);
            Add(ref _cancelled, decided.CancelledAfterDispatch);
            (Decided, NextWake) = (true, decided.NextWake);
        }

        public void ArchivePage(ArchivePage page) => (_archivePages ??= ImmutableArray.CreateBuilder<ArchivePage>()).Add(page);

        public void DecisionPage(DecisionArchivePage page) => (_decisionPages ??= ImmutableArray.CreateBuilder<DecisionArchivePage>()).Add(page);

        public void ExpiredDecisionPages(ImmutableArray<int> pages) => Add(ref _expiredDecisionPages, pages);

        public StepEffects Build() => new()
        {
            Dispatched = _dispatched?.ToImmutable() ?? [],
            Cancelled = _cancelled?.ToImmutable() ?? [],
            Decided = Decided,
            NextWake = NextWake,
            ArchivePages = _archivePages?.ToImmutable() ?? [],
            DecisionPages = _decisionPages?.ToImmutable() ?? [],
            ExpiredDecisionPages = _expiredDecisionPages is null ? [] : [.. _expiredDecisionPages.Distinct()],
        };

        private static void Add<T>(ref ImmutableArray<T>.Builder? builder, ImmutableArray<T> items)
        {
            if (!items.IsDefaultOrEmpty)
            {
                (builder ??= ImmutableArray.CreateBuilder<T>()).AddRange(items);
            }
        }
    }
}

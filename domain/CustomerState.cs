using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Domain;

/// <summary>
/// Everything the engine holds about one customer of one tenant. Immutable: every change is a new
/// value made by <see cref="CustomerJourney"/>. Properties have defaults so that state written by an
/// earlier version, without a later field, still reads.
/// </summary>
public sealed record CustomerState
{
    public string Tenant { get; init; } = "";
    public string CustomerId { get; init; } = "";

    /// <summary>Rises by one with every persisted change; 0 means the customer was never seen.</summary>
    public long Version { get; init; }

    /// <summary>Every touchpoint ever accepted, including those moved to the archive.</summary>
    public long TimelineCount { get; init; }

    /// <summary>Newest first by <see cref="Touchpoint.OccurredAt"/>; bounded, overflow goes to the archive.</summary>
    public ImmutableArray<Touchpoint> Timeline { get; init; } = [];

    public int ArchivedPages { get; init; }

    /// <summary>Event ids of archived touchpoints, newest first, so that dedupe reaches past the timeline.</summary>
    public ImmutableArray<string> ArchivedEventIds { get; init; } = [];

    /// <summary>In the order they were opened.</summary>
    public ImmutableArray<CaseState> Cases { get; init; } = [];

    /// <summary>Open complaints and disputes.</summary>
    public ImmutableArray<Hold> Holds { get; init; } = [];

    /// <summary>Disputes decided, oldest first; the newest <see cref="Rules.Disputes.Kept"/>.</summary>
    public ImmutableArray<DisputeDecision> DisputeDecisions { get; init; } = [];

    public ImmutableArray<CustomerFlag> Flags { get; init; } = [];

    public ImmutableArray<ChannelConsent> Consents { get; init; } = [];

    /// <summary>How to reach the customer and in which language (CONTACT_DETAILS_CHANGED); null until first given.</summary>
    public ContactDetails? Contact { get; init; }

    /// <summary>Outbound contacts by every team, newest first; bounded.</summary>
    public ImmutableArray<ContactEntry> Contacts { get; init; } = [];

    public ImmutableArray<PromiseToPay> Promises { get; init; } = [];

    public ImmutableArray<PaymentArrangement> Arrangements { get; init; } = [];

    /// <summary>Money received that no case has absorbed yet: a surplus, or a payment ahead of its invoice.</summary>
    public ImmutableArray<Credit> Credits { get; init; } = [];

    public AdvancePayment? Advance { get; init; }

    /// <summary>Actions planned, dispatched, sent, failed or cancelled by the engine or booked by teams; newest last, bounded.</summary>
    public ImmutableArray<OutboundAction> Actions { get; init; } = [];

    /// <summary>What was not sent, and why; newest last, bounded.</summary>
    public ImmutableArray<OutboundAction> Suppressed { get; init; } = [];

    /// <summary>Numbers actions of this customer, so action ids are stable and replayable.</summary>
    public long ActionSequence { get; init; }

    /// <summary>Which contact preceded each payment (newest last, bounded): what the customer responds to.</summary>
    public ImmutableArray<PaymentOrigin> PaidAfter { get; init; } = [];

    /// <summary>The experiment variant each case got at its tested step.</summary>
    public ImmutableArray<ExperimentAssignment> ExperimentAssignments { get; init; } = [];

    /// <summary>NPS responses and call outcomes, each linked to the contact it answers; the newest <see cref="FeedbackLog.Kept"/>.</summary>
    public ImmutableArray<FeedbackEntry> Feedback { get; init; } = [];

    /// <summary>Statistics of this customer's contacts, payments and feedback not yet known to be counted by the tenant's statistics (sent after each write; resent until acknowledged).</summary>
    public ImmutableArray<Rules.StatisticsBatch> PendingStatistics { get; init; } = [];

    public long StatisticsSequence { get; init; }

    /// <summary>Whether the tenant's receivables figures count this customer's contribution (false for a customer stored before they did: its next step adds all of it).</summary>
    public bool ReceivablesCounted { get; init; }

    /// <summary>Decisions that no longer fit the in-state history but are still within the policy's retention, waiting to go to the decision archive as one page.</summary>
    public ImmutableArray<OutboundAction> RetiredDecisions { get; init; } = [];

    /// <summary>The decision archive's pages, oldest first.</summary>
    public ImmutableArray<DecisionPage> DecisionPages { get; init; } = [];

    /// <summary>Pages ever written; the next page's number.</summary>
    public int DecisionPagesWritten { get; init; }

    /// <summary>Whether the tenant's customer directory lists this customer.</summary>
    public bool Listed { get; init; }

    /// <summary>The policy segments the customer belonged to at the last decision, by id.</summary>
    public ImmutableArray<string> Segments { get; init; } = [];

    /// <summary>The early-warning level at the last decision, so that a rise is seen once.</summary>
    public RiskLevel RiskLevel { get; init; }

    /// <summary>Set when the customer was erased: nothing else is kept, and the customer reads as never seen.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    [JsonIgnore]
    public bool Exists => Version > 0 && ErasedAt is null;

    [JsonIgnore]
    public bool Erased => ErasedAt is not null;

    public OutboundAction? FindAction(string actionId)
    {
        foreach (var action in Actions)
        {
            if (action.ActionId == actionId)
            {
                return action;
            }
        }

        return null;
    }

    public CaseState? FindCase(string caseId)
    {
        foreach (var @case in Cases)
        {
            if (@case.CaseId == caseId)
            {
                return @case;
            }
        }

        return null;
    }

    public bool HasSeen(string eventId)
    {
        foreach (var touchpoint in Timeline)
        {
            if (touchpoint.EventId == eventId)
            {
                return true;
            }
        }

        return ArchivedEventIds.Contains(eventId);
    }

    /// <summary>The open holds that cover a case: its own and every customer-wide one, or all of them when the policy widens holds to the customer.</summary>
    public IEnumerable<Hold> HoldsCovering(string caseId, Policies.HoldScope scope = Policies.HoldScope.AS_REPORTED) =>
        Holds.Where(h => scope == Policies.HoldScope.CUSTOMER || h.CaseId is null || h.CaseId == caseId);

    public bool? Consent(Channel channel) =>
        Consents.FirstOrDefault(c => c.Channel == channel)?.Granted;
}

public sealed record CaseState
{
    public string CaseId { get; init; } = "";
    public string InvoiceEventId { get; init; } = "";
    public string Currency { get; init; } = "";
    public decimal AmountInvoiced { get; init; }
    public decimal AmountCredited { get; init; }
    public DateOnly DueDate { get; init; }
    public DebtorType DebtorType { get; init; } = DebtorType.CONSUMER;
    public DateTimeOffset OpenedAt { get; init; }
    public ImmutableArray<PaymentAllocation> Payments { get; init; } = [];
    public DateTimeOffset? WrittenOffAt { get; init; }

    /// <summary>Where the case stands on its tenant's dunning ladder.</summary>
    public LadderState Ladder { get; init; } = new();

    /// <summary>The 14-day letter sent for this case (consumers), kept as evidence.</summary>
    public StatutoryNotice? FinalNotice { get; init; }

    /// <summary>The due date of the plan's latest instalment whose reminder was decided (sent, deferred or refused).</summary>
    public DateOnly? InstalmentReminded { get; init; }

    /// <summary>Set when the case's plan broke: the due date of the instalment missed. The ladder resumed then; the collection team's worklist shows it.</summary>
    public DateOnly? PlanMissed { get; init; }

    [JsonIgnore]
    public decimal AmountPaid => Payments.Aggregate(Money.Zero, (sum, p) => sum + p.Amount);

    [JsonIgnore]
    public decimal Balance => AmountInvoiced - AmountCredited - AmountPaid;

    /// <summary>Never negative; a surplus shows as <see cref="Overpaid"/>.</summary>
    [JsonIgnore]
    public decimal AmountDue => WrittenOffAt is null && Balance > 0m ? Balance : Money.Zero;

    [JsonIgnore]
    public decimal Overpaid => Balance < 0m ? -Balance : Money.Zero;

    [JsonIgnore]
    public bool IsClosed => WrittenOffAt is not null;

    /// <summary>A case that still asks for money.</summary>
    [JsonIgnore]
    public bool IsOpen => !IsClosed && Balance > 0m;
}

/// <summary>Part (or all) of a payment that settled a case.</summary>
/// <summary>A payment and the ladder contact on its case that preceded it (none: paid before any contact).</summary>
/// <summary>One page of the decision archive: its number, how many decisions it holds, and when the newest of them was due.</summary>
public sealed record DecisionPage(int Page, int Count, DateTimeOffset Newest);

public sealed record PaymentOrigin(string PaymentEventId, string CaseId, DateTimeOffset PaidAt, string? ActionId, ActionKind? Kind, Channel? Channel, string? StepId, DateTimeOffset? ContactedAt);

public sealed record PaymentAllocation(string PaymentEventId, decimal Amount, DateTimeOffset ReceivedAt);

public sealed record Credit(string PaymentEventId, string? CaseId, decimal Amount, string Currency, DateTimeOffset ReceivedAt);

/// <summary>An open complaint or dispute. <see cref="CaseId"/> null: it covers every case of the customer.</summary>
/// <param name="Owner">The team that owns a dispute (policy <c>disputes.owner</c>); null for a complaint.</param>
/// <param name="Deadline">When a dispute should be decided (policy <c>disputes.deadlineDays</c>); past it, the owner's worklist shows it.</param>
public sealed record Hold(string HoldId, HoldKind Kind, string? CaseId, string Reason, DateTimeOffset OpenedAt, Team? Owner = null, DateTimeOffset? Deadline = null);

/// <summary>A dispute decided: its reason, when it was opened and decided, the outcome, who decided it and how it was settled.</summary>
public sealed record DisputeDecision(string HoldId, string? CaseId, string Reason, DateTimeOffset OpenedAt, DateTimeOffset DecidedAt, string Outcome, string? DecidedBy, string? Settlement);

public sealed record ChannelConsent(Channel Channel, bool Granted, DateTimeOffset ChangedAt);

/// <summary>
/// Where messages reach the customer and in which language. <see cref="Phone"/> is E.164,
/// <see cref="Country"/> ISO 3166-1 alpha-2, <see cref="Language"/> one of <see cref="ContactDetails.Languages"/>.
/// </summary>
public sealed record ContactDetails
{
    public static readonly IReadOnlyList<string> Languages = ["nl", "en"];

    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public ImmutableArray<string> AddressLines { get; init; } = [];
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>Whether a letter can be addressed: a name or a first line, and a postal code or city.</summary>
    [JsonIgnore]
    public bool HasPostalAddress => !AddressLines.IsDefaultOrEmpty && (PostalCode is not null || City is not null);
}

/// <summary>
/// A contact in the log the budget counts. <see cref="Kind"/> is the action's kind when the engine
/// dispatched it or a team booked it (null for a contact a team reported itself, and in entries stored
/// before kinds were recorded); <see cref="ByRules"/> says the rules decided it rather than a team.
/// </summary>
public sealed record ContactEntry(
    string EventId,
    DateTimeOffset At,
    TouchpointType Type,
    Team? Team,
    Channel? Channel,
    string? ActionId,
    string? Outcome,
    ActionKind? Kind = null,
    bool ByRules = false)
{
    /// <summary>"rules", or "team:SERVICE" for a team's contact, as an action's decidedBy; null when no team was named.</summary>
    public string? DecidedBy() => ByRules ? "rules" : Team is { } team ? $"team:{team}" : null;
}

public sealed record PromiseToPay(string EventId, string? CaseId, decimal? Amount, string? Currency, DateOnly PromisedFor, DateTimeOffset MadeAt);

/// <summary>An agreed payment plan: <c>Amount</c> per instalment, the first due on <c>FirstDueDate</c>, then every <c>Interval</c> (ISO-8601 period, default one month).</summary>
public sealed record PaymentArrangement(string EventId, string? CaseId, decimal? Amount, string? Currency, DateOnly? FirstDueDate, DateTimeOffset AgreedAt, string? Interval = null);

public sealed record AdvancePayment(decimal Amount, string Currency, decimal? ExpectedAmount, DateTimeOffset ChangedAt);

/// <summary>
/// A case's position on the dunning ladder. <see cref="Anchor"/> is the moment the next step's
/// offset counts from: the start of OVERDUE, the previous step, or the end of a pause.
/// </summary>
public sealed record LadderState
{
    public bool Started { get; init; }
    public CaseStage Stage { get; init; } = CaseStage.OPEN;
    public int NextStep { get; init; }
    public DateTimeOffset? Anchor { get; init; }
    public DateTimeOffset? OverdueSince { get; init; }

    /// <summary>The action id of the next step while it is planned.</summary>
    public string? PlannedActionId { get; init; }

    /// <summary>Set while the ladder is paused by a hold, a flag or a promise; the reason id.</summary>
    public string? PausedBy { get; init; }

    /// <summary>Why the ladder moved again after a pause (hold.ended, promise.broken), until the next step is planned.</summary>
    public string? ResumedBy { get; init; }

    /// <summary>A promise or arrangement pauses the ladder until then; unpaid at that moment, the promise is broken.</summary>
    public DateTimeOffset? PromisedUntil { get; init; }
}

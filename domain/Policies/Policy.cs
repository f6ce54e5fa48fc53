using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NodaTime;

namespace Journey.Domain.Policies;

[JsonConverter(typeof(JsonStringEnumConverter<ActionKind>))]
public enum ActionKind
{
    REMINDER,
    FINAL_NOTICE,
    CALL_TASK,
    HANDOVER_TO_COLLECTION,
    LEGAL_REVIEW,
    IN_APP_REMINDER,
    CONFIRMATION,
    ADVICE,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionStatus>))]
public enum ActionStatus
{
    PLANNED,
    DISPATCHED,
    SENT,
    FAILED,
    CANCELLED,
}

[JsonConverter(typeof(JsonStringEnumConverter<Sender>))]
public enum Sender
{
    CLIENT,
    AGENCY,
}

/// <summary>Where a step's offset counts from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OffsetFrom>))]
public enum OffsetFrom
{
    /// <summary>The previous step's <c>at</c>; for the first step, the start of OVERDUE.</summary>
    PREVIOUS_STEP,

    /// <summary>The start of OVERDUE (00:00 tenant time on the day after the due date).</summary>
    OVERDUE,
}

/// <summary>A tenant's communication rules: a validated, versioned document (see docs/policies.md).</summary>
public sealed record Policy
{
    public string Tenant { get; init; } = "";
    public int Version { get; init; }
    public string TimeZone { get; init; } = "Europe/Amsterdam";
    public SenderIdentity Client { get; init; } = new("client", null);
    public SenderIdentity Agency { get; init; } = new("collection agency", null);
    public ImmutableArray<LadderStep> Ladder { get; init; } = [];
    public HoldRules Holds { get; init; } = new();
    public CrossedPaymentRule CrossedPayments { get; init; } = new();
    public ContactBudget Budget { get; init; } = new();
    public QuietHours QuietHours { get; init; } = new();
    public TriggerRules Triggers { get; init; } = new();
    public PlanRules Plans { get; init; } = new();
    public DisputeRules Disputes { get; init; } = new();
    public WikRules Wik { get; init; } = new();

    public PrivacyRules Privacy { get; init; } = new();

    public FeedbackRules Feedback { get; init; } = new();

    public RiskRules Risk { get; init; } = new();

    /// <summary>A/B(/n) tests of ladder steps; assignment is deterministic per customer.</summary>
    public ImmutableArray<ExperimentRule> Experiments { get; init; } = [];

    /// <summary>Named groups of customers, evaluated on every change; ladder steps can apply to one only.</summary>
    public ImmutableArray<SegmentRule> Segments { get; init; } = [];

    /// <summary>Off when null: a customer who paid at least this often after a contact on one channel gets that channel's ladder step first.</summary>
    public ChannelLearning? ChannelLearning { get; init; }

    /// <summary>Off when null: ladder steps of one customer's cases that fall close together go out as one contact.</summary>
    public BundlingRule? Bundling { get; init; }
    public ImmutableArray<Channel> ChannelFallback { get; init; } = [Channel.EMAIL, Channel.LETTER, Channel.SMS, Channel.PHONE];

    [JsonIgnore]
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? CaseStatus.DefaultZone;
}

public sealed record SenderIdentity(string Name, string? WkiNumber);

public sealed record LadderStep
{
    public string Id { get; init; } = "";
    public Period After { get; init; } = Period.Zero;
    public OffsetFrom From { get; init; } = OffsetFrom.PREVIOUS_STEP;
    public ActionKind Kind { get; init; }
    public Channel Channel { get; init; }
    public string? Template { get; init; }
    public Sender Sender { get; init; } = Sender.CLIENT;
    public StepConditions When { get; init; } = new();
}

public sealed record StepConditions
{
    public DebtorType? DebtorType { get; init; }
    public decimal? MinAmount { get; init; }

    /// <summary>The step applies only to members of this policy segment.</summary>
    public string? Segment { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<HoldScope>))]
public enum HoldScope
{
    /// <summary>A complaint or dispute naming a case holds that case; one without a case holds them all.</summary>
    AS_REPORTED,

    /// <summary>Any open complaint or dispute holds every case of the customer (e.g. rent withheld over a repair).</summary>
    CUSTOMER,
}

public sealed record HoldRules
{
    public HoldScope Scope { get; init; } = HoldScope.AS_REPORTED;

    /// <summary>Action kinds an open complaint or dispute pauses on the cases it covers.</summary>
    public ImmutableArray<ActionKind> Pauses { get; init; } = [ActionKind.REMINDER, ActionKind.FINAL_NOTICE, ActionKind.CALL_TASK, ActionKind.HANDOVER_TO_COLLECTION, ActionKind.LEGAL_REVIEW];

    /// <summary>Insolvency and death stop every collection step.</summary>
    public ImmutableArray<CustomerFlag> StopCollection { get; init; } = [CustomerFlag.INSOLVENCY, CustomerFlag.DECEASED];

    /// <summary>Channels a vulnerable customer may be contacted on (a human reads or speaks).</summary>
    public ImmutableArray<Channel> VulnerableChannels { get; init; } = [Channel.PHONE, Channel.LETTER];
}

/// <summary>
/// Bundled contacts: ladder steps of one customer's cases of a kind in <see cref="Kinds"/>, with the same
/// kind, channel, sender and debtor type, whose moments fall within <see cref="Within"/> of the earliest,
/// go out as one action at the earliest one's moment.
/// </summary>
public sealed record BundlingRule
{
    /// <summary>The kinds that may bundle: the written and spoken dunning steps, never a handover or legal step (their moment waits for each case's own term).</summary>
    public static ImmutableArray<ActionKind> Allowed { get; } = [ActionKind.REMINDER, ActionKind.FINAL_NOTICE, ActionKind.CALL_TASK];

    public Period Within { get; init; } = Period.FromDays(3);

    public ImmutableArray<ActionKind> Kinds { get; init; } = Allowed;

    public bool Bundles(ActionKind kind) => Kinds.Contains(kind);
}

public sealed record CrossedPaymentRule
{
    /// <summary>A reminder dispatched within this period after a payment carries the "may have crossed" notice.</summary>
    public Period Window { get; init; } = Period.FromDays(5);
}

public sealed record ContactBudget
{
    public int MaxContacts { get; init; } = 3;
    public Period Window { get; init; } = Period.FromDays(7);
    public Period MinGap { get; init; } = Period.FromHours(24);
    public ImmutableArray<ChannelCap> PerChannel { get; init; } = [new(Channel.PHONE, 1, Period.FromDays(1))];
    public ImmutableArray<ActionKind> Exempt { get; init; } = [ActionKind.CONFIRMATION, ActionKind.IN_APP_REMINDER];
}

public sealed record ChannelCap(Channel Channel, int Max, Period Window);

public sealed record QuietHours
{
    public LocalTime Start { get; init; } = new(20, 0);
    public LocalTime End { get; init; } = new(7, 0);
    public bool Sundays { get; init; } = true;
    public bool PublicHolidays { get; init; } = true;
    public ImmutableArray<ActionKind> Exempt { get; init; } = [ActionKind.IN_APP_REMINDER, ActionKind.CONFIRMATION];
}

public sealed record TriggerRules
{
    public TriggeredAction? AppOpenedWhileOverdue { get; init; } = new(ActionKind.IN_APP_REMINDER, Channel.APP, "in-app-open-invoice");
    public TriggeredAction? ArrangementAgreed { get; init; } = new(ActionKind.CONFIRMATION, Channel.SMS, "arrangement-confirmation");

    /// <summary>Before each instalment of a plan that is not paid yet (<see cref="PlanRules.ReminderDays"/> ahead).</summary>
    public TriggeredAction? InstalmentDue { get; init; } = new(ActionKind.REMINDER, Channel.SMS, "instalment-reminder");

    /// <summary>A promise or arrangement pauses the ladder until its date; when it passes unpaid, the ladder resumes.</summary>
    public bool PromisePausesLadder { get; init; } = true;
}

public sealed record TriggeredAction(ActionKind Kind, Channel Channel, string? Template);

/// <summary>Instalment plans (an arrangement with an amount per instalment and a first due date).</summary>
public sealed record PlanRules
{
    /// <summary>Days before each unpaid instalment that its reminder (<c>triggers.instalmentDue</c>) goes, from 09:00; 0: none.</summary>
    public int ReminderDays { get; init; } = 3;

    /// <summary>Days after an instalment's due date it may still be paid; unpaid after them, the plan is broken and the ladder resumes.</summary>
    public int GraceDays { get; init; } = 5;
}

/// <summary>The 14-day letter (WIK): when a letter counts as received, and how long the term runs.</summary>
public sealed record WikRules
{
    /// <summary>A letter is taken as received on this day after posting, not counting Sundays and public holidays.</summary>
    public int ReceiptDays { get; init; } = 2;

    public int TermDays { get; init; } = 14;

    /// <summary>What the BIK scale is applied to when the case has a payment arrangement whose instalments were missed.</summary>
    public ArrangementCostBase ArrangementBase { get; init; } = ArrangementCostBase.MISSED_INSTALMENTS;

    /// <summary>Business debtors: the costs the final notice announces (the statutory 14-day letter does not apply to them).</summary>
    public BusinessCostRule BusinessCosts { get; init; } = new();
}

[JsonConverter(typeof(JsonStringEnumConverter<ArrangementCostBase>))]
public enum ArrangementCostBase
{
    /// <summary>Costs over the instalments due and not paid, not over the whole remaining balance.</summary>
    MISSED_INSTALMENTS,

    /// <summary>Costs over the whole amount due.</summary>
    BALANCE,
}

[JsonConverter(typeof(JsonStringEnumConverter<BusinessCostKind>))]
public enum BusinessCostKind
{
    /// <summary>No costs announced.</summary>
    NONE,

    /// <summary>The statutory BIK scale.</summary>
    BIK,

    /// <summary>A percentage of the principal, within a minimum and maximum.</summary>
    PERCENTAGE,

    /// <summary>A fixed amount.</summary>
    FIXED,
}

public sealed record BusinessCostRule
{
    public BusinessCostKind Rule { get; init; } = BusinessCostKind.NONE;
    public decimal Percent { get; init; }
    public decimal Amount { get; init; }
    public decimal Minimum { get; init; }
    public decimal? Maximum { get; init; }
}

/// <summary>What a touchpoint for an erased customer does.</summary>
public enum AfterErasure
{
    /// <summary>Refused (INVALID_ARGUMENT on customerId): the id stays erased.</summary>
    REFUSE,

    /// <summary>Starts a new record with nothing of the erased one.</summary>
    FRESH,
}

public sealed record PrivacyRules
{
    public AfterErasure AfterErasure { get; init; } = AfterErasure.REFUSE;

    /// <summary>How long a customer's decisions (actions, suppressed steps, their reasons) are kept after they were due; null keeps them as long as the customer's action history holds them.</summary>
    public Period? DecisionLogRetention { get; init; } = Period.FromYears(2);
}

/// <summary>
/// Early warning: which signals count, how much, and what a rise leads to. Risk only routes to
/// people or advice (a preventive contact); it never triggers an adverse step.
/// </summary>
public sealed record RiskRules
{
    /// <summary>An advance payment below <see cref="RiskSignalRule.Ratio"/> × the expected usage.</summary>
    public RiskSignalRule? AdvanceBelowExpected { get; init; }

    /// <summary>An open complaint or dispute whose touchpoint announced withholding (attribute <c>withholding: true</c>).</summary>
    public RiskSignalRule? WithholdingAnnounced { get; init; }

    /// <summary>At least <see cref="RiskSignalRule.Count"/> cases paid after they became overdue, within the window.</summary>
    public RiskSignalRule? LatePayments { get; init; }

    /// <summary>At least Count promises whose date passed with their case still open, made within the window.</summary>
    public RiskSignalRule? BrokenPromises { get; init; }

    /// <summary>At least Count open complaints or disputes.</summary>
    public RiskSignalRule? OpenComplaints { get; init; }

    /// <summary>At least Count failed payments within the window.</summary>
    public RiskSignalRule? FailedPayments { get; init; }

    /// <summary>Sum of the weights of the signals present from which a level starts.</summary>
    public int Low { get; init; } = 1;

    public int Medium { get; init; } = 3;

    public int High { get; init; } = 5;

    /// <summary>What a rise to at least <see cref="RiskRise.AtLeast"/> plans; null: nothing.</summary>
    public RiskRise? OnRise { get; init; }

    [JsonIgnore]
    public bool Any => AdvanceBelowExpected is not null || WithholdingAnnounced is not null || LatePayments is not null
        || BrokenPromises is not null || OpenComplaints is not null || FailedPayments is not null;
}

public sealed record RiskSignalRule
{
    public int Weight { get; init; } = 1;

    public int Count { get; init; } = 1;

    public Period Window { get; init; } = Period.FromDays(365);

    public decimal Ratio { get; init; } = 0.7m;
}

public sealed record RiskRise(RiskLevel AtLeast, TriggeredAction Action);

/// <summary>The channel that works for a customer is used first: steps before the first step on the learned channel are skipped.</summary>
public sealed record ChannelLearning(int MinPayments);

/// <summary>A segment: every condition given must hold.</summary>
public sealed record SegmentRule
{
    public string Id { get; init; } = "";

    /// <summary>A case of this debtor type.</summary>
    public DebtorType? DebtorType { get; init; }

    /// <summary>Cases paid after they became overdue, ever (at least / at most).</summary>
    public int? LatePaymentsAtLeast { get; init; }

    public int? LatePaymentsAtMost { get; init; }

    /// <summary>Paid at least once after a ladder contact on this channel.</summary>
    public Channel? PaysAfter { get; init; }

    /// <summary>An open case past its due date (true) or none (false).</summary>
    public bool? Overdue { get; init; }

    public RiskLevel? RiskAtLeast { get; init; }
}

/// <summary>Variants of one ladder step, tried on the tenant's customers; stopped with a promoted variant, everyone gets that one.</summary>
public sealed record ExperimentRule
{
    public string Id { get; init; } = "";

    public string Step { get; init; } = "";

    public ImmutableArray<ExperimentVariant> Variants { get; init; } = [];

    /// <summary>The outcome measured: paid within this period after the step's moment.</summary>
    public Period PaidWithin { get; init; } = Period.FromDays(14);

    public bool Stopped { get; init; }

    public string? Promote { get; init; }
}

/// <summary>A variant: the step as it is (no overrides), changed (kind, channel, template), or not sent at all (skip).</summary>
public sealed record ExperimentVariant
{
    public string Id { get; init; } = "";

    public bool Skip { get; init; }

    public ActionKind? Kind { get; init; }

    public Channel? Channel { get; init; }

    public string? Template { get; init; }
}

/// <summary>The code list for reasons of non-payment a call may report (empty: any code is taken as reported).</summary>
public sealed record FeedbackRules
{
    public ImmutableArray<NonPaymentReason> NonPaymentReasons { get; init; } = [];
}

public sealed record NonPaymentReason(string Code, string Label);

/// <summary>Disputes: the reasons a dispute may give, the team that owns them, and how long a decision may take.</summary>
public sealed record DisputeRules
{
    /// <summary>When not empty, a dispute's <c>reason</c> must be one of these codes.</summary>
    public ImmutableArray<DisputeReason> Reasons { get; init; } = [];

    public Team Owner { get; init; } = Team.SERVICE;

    /// <summary>Days after it opened that a dispute should be decided; undecided after them, the owner's worklist shows it.</summary>
    public int DeadlineDays { get; init; } = 14;
}

public sealed record DisputeReason(string Code, string Label);

using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>
/// A contact the engine plans, dispatches or suppresses, or one a team booked through requestContact.
/// Every action says why (rule ids in <see cref="Reasons"/>) and under which policy version.
/// </summary>
public sealed record OutboundAction
{
    public string ActionId { get; init; } = "";
    public string? CaseId { get; init; }
    public ActionKind Kind { get; init; }
    public Channel Channel { get; init; }
    public Sender Sender { get; init; }
    public string SenderName { get; init; } = "";
    public string? WkiNumber { get; init; }
    public string? Template { get; init; }
    public string? StepId { get; init; }
    public Team? Team { get; init; }
    public ActionStatus Status { get; init; }

    /// <summary>When it is or was due, after quiet-hours and budget deferral.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>When it was due before any deferral.</summary>
    public DateTimeOffset PlannedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>From MESSAGE_DELIVERED: when the channel confirmed delivery (an SMS receipt, say).</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>From MESSAGE_FAILED's <c>reason</c> attribute: why it could not be delivered (no-address, rejected, …).</summary>
    public string? FailureReason { get; init; }
    public ImmutableArray<string> Reasons { get; init; } = [];
    public ImmutableArray<string> Notices { get; init; } = [];
    public int PolicyVersion { get; init; }

    /// <summary>Position in the tenant's dispatch log, once dispatched (WatchActions cursor).</summary>
    public long? DispatchSequence { get; init; }

    /// <summary>On a FINAL_NOTICE to a consumer (the 14-day letter): the BIK costs it announces.</summary>
    public decimal? CollectionCosts { get; init; }

    /// <summary>On the 14-day letter: the day it is taken as received.</summary>
    public DateOnly? ReceivedOn { get; init; }

    /// <summary>On the 14-day letter: the last day of the 14-day term.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>
    /// A bundled contact (policy <c>bundling</c>): every case it speaks for, each with its own ladder step,
    /// the earliest first (<see cref="CaseId"/> and <see cref="StepId"/> name that one). Empty for a
    /// contact about one case or none.
    /// </summary>
    public ImmutableArray<BundledCase> Cases { get; init; } = [];

    [JsonIgnore]
    public bool IsBundle => !Cases.IsDefaultOrEmpty;

    /// <summary>Whether the action speaks for the case: its own, or one of its bundle's.</summary>
    public bool Names(string caseId)
    {
        if (!IsBundle)
        {
            return CaseId == caseId;
        }

        foreach (var member in Cases)
        {
            if (member.CaseId == caseId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ladder step the action took for the case: its own step, or the case's step in the bundle.</summary>
    public string? StepFor(string caseId)
    {
        if (IsBundle)
        {
            foreach (var member in Cases)
            {
                if (member.CaseId == caseId)
                {
                    return member.StepId;
                }
            }
        }

        return StepId;
    }

    /// <summary>The action as each case it speaks for saw it: a bundle once per member (its case and step), any other action as itself.</summary>
    public IEnumerable<OutboundAction> PerCase() =>
        IsBundle ? Cases.Select(m => this with { CaseId = m.CaseId, StepId = m.StepId, Cases = [] }) : [this];

    /// <summary>
    /// Who decided it: <c>rules</c> when the tenant's policy did (its reasons name the rules),
    /// <c>team:&lt;TEAM&gt;</c> when a team booked it through a contact request (no ladder step).
    /// A method, so that it is derived and never stored.
    /// </summary>
    public string DecidedBy() => BookedByTeam() ? $"team:{Team}" : "rules";

    /// <summary>A contact a team booked through a contact request and carries out itself (not a ladder step).</summary>
    public bool BookedByTeam() => Team is not null && StepId is null;
}

/// <summary>
/// One case a bundled contact speaks for: its ladder step, what it owed (when bundled, and as dispatched),
/// and the moment its own step was due (<c>At</c>, after deferral; <c>PlannedAt</c>, before), which
/// decides whether it still falls within the bundle's window.
/// </summary>
public sealed record BundledCase(string CaseId, string StepId, decimal AmountDue, DateTimeOffset At, DateTimeOffset PlannedAt);

/// <summary>
/// Evidence of the final notice kept on the case: what was sent when, what it said, under which rules.
/// For a consumer it is the 14-day letter (receipt and deadline set); <c>Principal</c> is the amount the
/// costs were computed over and <c>Basis</c> says how (e.g. <c>bik</c>, <c>bik:missed-instalments</c>,
/// <c>bik:aggregated</c>, <c>business:PERCENTAGE</c>).
/// </summary>
public sealed record StatutoryNotice(
    string ActionId,
    DateOnly PostedOn,
    DateOnly? ReceivedOn,
    DateOnly? Deadline,
    decimal Principal,
    decimal CollectionCosts,
    int PolicyVersion,
    string Basis = StatutoryCollection.BikBasis,
    decimal? AmountDue = null);


public static class Notices
{
    /// <summary>The reminder says that payment and reminder may have crossed.</summary>
    public const string MayHaveCrossed = "MAY_HAVE_CROSSED";
}

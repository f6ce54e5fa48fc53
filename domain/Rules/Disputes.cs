using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

/// <summary>
/// Disputes as a workflow: a reason from the policy's catalogue, an owning team and a deadline (both from
/// the policy, set when it opens), and an outcome recorded with who decided. UPHELD may settle the case —
/// a credit note (the touchpoint's amount, or all that is due) or a write-off; REJECTED lets the ladder
/// resume, counting its next wait from the decision, so the whole time on hold is added.
/// </summary>
public static class Disputes
{
    /// <summary>Decisions kept in the state (the statistics have counted each one as it was made).</summary>
    public const int Kept = 50;

    /// <summary>A DISPUTE_OPENED whose reason is not in the policy's catalogue (when it has one): the error; else null.</summary>
    public static FieldError? Check(Touchpoint tp, Policy policy)
    {
        if (tp.Type != TouchpointType.DISPUTE_OPENED || policy.Disputes.Reasons.IsEmpty)
        {
            return null;
        }

        var code = tp.Attribute(AttributeKeys.Reason);
        return code is not null && policy.Disputes.Reasons.Any(r => r.Code == code)
            ? null
            : new FieldError($"attributes.{AttributeKeys.Reason}", $"a dispute's reason must be one of the policy's: {string.Join(", ", policy.Disputes.Reasons.Select(r => r.Code))}");
    }

    /// <summary>The end of the day, tenant time, <c>disputes.deadlineDays</c> after the dispute opened.</summary>
    public static DateTimeOffset DeadlineOf(Hold dispute, Policy policy) =>
        ZonedTime.EndOfDay(Instant.FromDateTimeOffset(dispute.OpenedAt).InZone(policy.Zone).Date.PlusDays(policy.Disputes.DeadlineDays).ToDateOnly(), policy.Zone);

    /// <summary>An UPHELD decision's settlement on the case it was about: a credit note or a write-off.</summary>
    internal static ApplyResult Settle(CustomerState state, Touchpoint tp, IReadOnlyList<Hold> decided)
    {
        if (tp.Attribute(AttributeKeys.Outcome) != DisputeOutcomes.Upheld || tp.Attribute(AttributeKeys.Settlement) is not { } settlement)
        {
            return ApplyResult.Accepted(state);
        }

        var caseId = tp.CaseId ?? decided.Select(h => h.CaseId).FirstOrDefault(c => c is not null);
        if (caseId is null || state.FindCase(caseId) is not { } @case)
        {
            return ApplyResult.Rejected(state, "caseId", "a settlement needs the case the dispute was about");
        }

        return settlement == DisputeOutcomes.WriteOff
            ? Receivables.WriteOff(state, tp with { CaseId = caseId })
            : Receivables.IssueCreditNote(state, tp with { CaseId = caseId, Amount = tp.Amount ?? @case.AmountDue, Currency = tp.Currency ?? @case.Currency });
    }

    /// <summary>Each dispute the touchpoint decided, with its outcome and who decided.</summary>
    internal static CustomerState Record(CustomerState state, Touchpoint tp, IReadOnlyList<Hold> decided)
    {
        if (decided.Count == 0)
        {
            return state;
        }

        var outcome = tp.Attribute(AttributeKeys.Outcome) ?? DisputeOutcomes.Unstated;
        var by = tp.Attribute(AttributeKeys.DecidedBy) ?? tp.Team?.ToString();
        var decisions = state.DisputeDecisions.AddRange(decided.Select(h =>
            new DisputeDecision(h.HoldId, h.CaseId, h.Reason, h.OpenedAt, tp.OccurredAt, outcome, by, outcome == DisputeOutcomes.Upheld ? tp.Attribute(AttributeKeys.Settlement) : null)));
        return state with { DisputeDecisions = decisions.Length > Kept ? decisions[^Kept..] : decisions };
    }
}

using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Domain.Replay;

/// <summary>What a run of the rules did within the preview window, added up.</summary>
public sealed class PreviewTally
{
    public Dictionary<string, long> ContactsByKindAndChannel { get; } = new(StringComparer.Ordinal);

    public Dictionary<CaseStage, long> CasesReaching { get; } = [];

    public long Contacts { get; private set; }

    /// <summary>Contacts counted once per case they speak for: a bundle of three counts three. Above <see cref="Contacts"/> by the contacts bundling saved.</summary>
    public long CaseContacts { get; private set; }

    public long Handovers { get; private set; }

    public long DeferredByQuietHours { get; private set; }

    public long DeferredByBudget { get; private set; }

    public long HoldsHonoured { get; private set; }

    public long Suppressed { get; private set; }

    public static string KindAndChannel(ActionKind kind, Channel channel) => $"{kind}/{channel}";

    public void Add(PreviewTally other)
    {
        foreach (var (key, count) in other.ContactsByKindAndChannel)
        {
            ContactsByKindAndChannel[key] = ContactsByKindAndChannel.GetValueOrDefault(key) + count;
        }

        foreach (var (stage, count) in other.CasesReaching)
        {
            CasesReaching[stage] = CasesReaching.GetValueOrDefault(stage) + count;
        }

        Contacts += other.Contacts;
        CaseContacts += other.CaseContacts;
        Handovers += other.Handovers;
        DeferredByQuietHours += other.DeferredByQuietHours;
        DeferredByBudget += other.DeferredByBudget;
        HoldsHonoured += other.HoldsHonoured;
        Suppressed += other.Suppressed;
    }

    internal static PreviewTally Of(IReadOnlyList<OutboundAction> contacts, IEnumerable<OutboundAction> suppressed)
    {
        var tally = new PreviewTally();
        foreach (var contact in contacts)
        {
            var key = KindAndChannel(contact.Kind, contact.Channel);
            tally.ContactsByKindAndChannel[key] = tally.ContactsByKindAndChannel.GetValueOrDefault(key) + 1;
            tally.Contacts++;
            tally.CaseContacts += contact.IsBundle ? contact.Cases.Length : 1;
            tally.DeferredByQuietHours += contact.Reasons.Contains(Reasons.QuietHoursDeferred) ? 1 : 0;
            tally.DeferredByBudget += contact.Reasons.Any(r => r.StartsWith("budget.", StringComparison.Ordinal)) ? 1 : 0;
        }

        foreach (var cases in contacts.SelectMany(c => c.PerCase()).Where(c => c.CaseId is not null)
            .Select(c => (Stage: StageOf(c.Kind), c.CaseId))
            .Where(c => c.Stage is not null)
            .Distinct()
            .GroupBy(c => c.Stage!.Value))
        {
            tally.CasesReaching[cases.Key] = cases.Count();
        }

        tally.Handovers = tally.CasesReaching.GetValueOrDefault(CaseStage.HANDED_OVER);
        foreach (var withheld in suppressed)
        {
            tally.Suppressed++;
            tally.HoldsHonoured += withheld.Reasons.Any(r => r.StartsWith("hold.", StringComparison.Ordinal) && r != Reasons.HoldEnded) ? 1 : 0;
        }

        return tally;
    }

    private static CaseStage? StageOf(ActionKind kind) => kind switch
    {
        ActionKind.REMINDER => CaseStage.REMINDED,
        ActionKind.FINAL_NOTICE => CaseStage.FINAL_NOTICE,
        ActionKind.HANDOVER_TO_COLLECTION => CaseStage.HANDED_OVER,
        ActionKind.LEGAL_REVIEW => CaseStage.LEGAL,
        _ => null,
    };
}

public enum ContactChangeKind
{
    /// <summary>The draft would send a contact the current policy did not.</summary>
    ADDED,

    /// <summary>The draft would not send a contact the current policy sent.</summary>
    REMOVED,

    /// <summary>The draft would send the contact at another moment, or on another channel or as another kind.</summary>
    CHANGED,
}

/// <summary>One contact that differs; <c>Reasons</c> are the draft's (why it sends it, or why it withheld it).</summary>
public sealed record ContactChange(
    ContactChangeKind Change,
    string? StepId,
    ActionKind Kind,
    Channel? CurrentChannel,
    Channel? DraftChannel,
    DateTimeOffset? CurrentAt,
    DateTimeOffset? DraftAt,
    ImmutableArray<string> Reasons);

public sealed record CaseDifference(string CustomerId, string? CaseId, ImmutableArray<ContactChange> Changes);

public sealed record PreviewWindow(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset at) => at >= From && at <= To;
}

public sealed record CustomerPreview(PreviewTally Current, PreviewTally Draft, ImmutableArray<CaseDifference> Differences);

/// <summary>
/// Replays one customer's recorded history under the current policy and under a draft, side by side:
/// the past before the window once under the current policy, then each policy through the window.
/// Pure: the same history and policies always give the same answer.
/// </summary>
public static class PolicyPreview
{
    /// <summary>Why a removed contact is gone when the draft did not withhold it: its step is not in the draft's ladder.</summary>
    public const string NotInDraft = "preview.step-not-in-draft";

    /// <summary>Why a removed contact is gone when the draft did not withhold it: the draft's ladder did not get that far (or that often) within the window.</summary>
    public const string NotReached = "preview.not-reached";

    public static CustomerPreview Run(string tenant, string customerId, IEnumerable<Touchpoint> history, Policy current, Policy draft, PreviewWindow window, JourneySettings settings)
    {
        var ordered = Replayer.InArrivalOrder(history).ToList();
        var shared = new Replayer(tenant, customerId, settings);
        Policy Current(DateTimeOffset _) => current;
        var index = 0;
        for (; index < ordered.Count && (ordered[index].ReceivedAt ?? ordered[index].OccurredAt) < window.From; index++)
        {
            shared.Receive(ordered[index], Current);
        }

        shared.WakeUntil(window.From, Current, inclusive: false);
        var before = shared.Dispatched.Count;
        var asIs = shared;
        var asDrafted = shared.Fork();
        for (var i = index; i < ordered.Count && (ordered[i].ReceivedAt ?? ordered[i].OccurredAt) <= window.To; i++)
        {
            asIs.Receive(ordered[i], Current);
            asDrafted.Receive(ordered[i], _ => draft);
        }

        asIs.WakeUntil(window.To, Current);
        asDrafted.WakeUntil(window.To, _ => draft);

        var currentContacts = asIs.Dispatched.Skip(before).Where(a => window.Contains(a.At)).ToList();
        var draftContacts = asDrafted.Dispatched.Skip(before).Where(a => window.Contains(a.At)).ToList();
        var draftSuppressed = asDrafted.State.Suppressed.Where(a => window.Contains(a.At)).ToList();
        return new CustomerPreview(
            PreviewTally.Of(currentContacts, asIs.State.Suppressed.Where(a => window.Contains(a.At))),
            PreviewTally.Of(draftContacts, draftSuppressed),
            Differences(customerId, PerCase(currentContacts), PerCase(draftContacts), draftSuppressed, draft));
    }

    /// <summary>Pairs each case's contacts by ladder step (or kind, for triggered contacts) in order; what is left over was added or removed.</summary>
    private static ImmutableArray<CaseDifference> Differences(string customerId, List<OutboundAction> current, List<OutboundAction> draft, List<OutboundAction> draftSuppressed, Policy draftPolicy)
    {
        var differences = ImmutableArray.CreateBuilder<CaseDifference>();
        foreach (var caseId in current.Concat(draft).Select(a => a.CaseId).Distinct())
        {
            var changes = ImmutableArray.CreateBuilder<ContactChange>();
            var mine = current.Where(a => a.CaseId == caseId).ToList();
            var theirs = draft.Where(a => a.CaseId == caseId).ToList();
            foreach (var key in mine.Concat(theirs).Select(Key).Distinct())
            {
                var a = mine.Where(x => Key(x) == key).ToList();
                var b = theirs.Where(x => Key(x) == key).ToList();
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var (was, would) = (i < a.Count ? a[i] : null, i < b.Count ? b[i] : null);
                    if (was is not null && would is not null)
                    {
                        if (was.At != would.At || was.Channel != would.Channel || was.Kind != would.Kind)
                        {
                            changes.Add(new(ContactChangeKind.CHANGED, would.StepId, would.Kind, was.Channel, would.Channel, was.At, would.At, would.Reasons));
                        }
                    }
                    else if (was is not null)
                    {
                        var why = draftSuppressed.LastOrDefault(s => s.CaseId == caseId && Key(s) == key)?.Reasons
                            ?? (was.StepId is { } step && !draftPolicy.Ladder.Any(l => l.Id == step) ? [NotInDraft] : [NotReached]);
                        changes.Add(new(ContactChangeKind.REMOVED, was.StepId, was.Kind, was.Channel, null, was.At, null, why));
                    }
                    else
                    {
                        changes.Add(new(ContactChangeKind.ADDED, would!.StepId, would.Kind, null, would.Channel, null, would.At, would.Reasons));
                    }
                }
            }

            if (changes.Count > 0)
            {
                differences.Add(new CaseDifference(customerId, caseId, changes.ToImmutable()));
            }
        }

        return differences.ToImmutable();
    }

    private static string Key(OutboundAction action) => action.StepId ?? $"trigger:{action.Kind}";

    // A bundle differs for each case it speaks for, at that case's own step.
    private static List<OutboundAction> PerCase(List<OutboundAction> contacts) => [.. contacts.SelectMany(c => c.PerCase())];
}

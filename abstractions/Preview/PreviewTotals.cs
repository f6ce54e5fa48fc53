using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

/// <summary>What a run did within the window, summed over the customers replayed.</summary>
[GenerateSerializer, Immutable, Alias("journey.PreviewTotals")]
public sealed record PreviewTotals(
    [property: Id(0)] long Contacts,
    [property: Id(1)] ImmutableDictionary<string, long> ContactsByKindAndChannel,
    [property: Id(2)] ImmutableDictionary<string, long> CasesReaching,
    [property: Id(3)] long Handovers,
    [property: Id(4)] long DeferredByQuietHours,
    [property: Id(5)] long DeferredByBudget,
    [property: Id(6)] long HoldsHonoured,
    [property: Id(7)] long Suppressed,
    [property: Id(8)] long CaseContacts = 0)
{
    public static PreviewTotals Of(PreviewTally tally) => new(
        tally.Contacts,
        tally.ContactsByKindAndChannel.ToImmutableDictionary(StringComparer.Ordinal),
        tally.CasesReaching.ToImmutableDictionary(c => c.Key.ToString(), c => c.Value, StringComparer.Ordinal),
        tally.Handovers,
        tally.DeferredByQuietHours,
        tally.DeferredByBudget,
        tally.HoldsHonoured,
        tally.Suppressed,
        tally.CaseContacts);
}

using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>One page of a customer's decision log past its in-state history (key <see cref="GrainKeys.DecisionPage"/>); written once, read by the decision log and export, cleared when its retention ends or the customer is erased.</summary>
[Alias("journey.IDecisionArchiveGrain")]
public interface IDecisionArchiveGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(ImmutableArray<OutboundAction> decisions);

    [Alias("Read")]
    Task<ImmutableArray<OutboundAction>> Read();

    [Alias("Clear")]
    Task Clear();
}

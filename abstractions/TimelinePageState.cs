using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>A timeline archive page as its grain stores it: touchpoints moved out of a customer's in-state timeline, oldest first (the step hands them over as a domain <c>ArchivePage</c>).</summary>
[GenerateSerializer, Alias("journey.ArchivePage")]
public sealed record TimelinePageState
{
    [Id(0)]
    public ImmutableArray<Touchpoint> Touchpoints { get; init; } = [];
}

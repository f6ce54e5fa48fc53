using System.Collections.Immutable;
using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Messages;

/// <summary>What setting a template document did: the version in force, whether it changed, and the document's errors by line and path.</summary>
[GenerateSerializer, Immutable, Alias("journey.SetTemplatesResult")]
public sealed record SetTemplatesResult(
    [property: Id(0)] TemplatesVersion? Current,
    [property: Id(1)] bool Changed,
    [property: Id(2)] ImmutableArray<PolicyError> Errors)
{
    public bool Accepted => Errors.IsEmpty;
}

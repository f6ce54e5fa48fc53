using System.Collections.Immutable;
using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

[GenerateSerializer, Immutable, Alias("journey.SetPolicyResult")]
public sealed record SetPolicyResult(
    [property: Id(0)] PolicyVersion? Current,
    [property: Id(1)] bool Changed,
    [property: Id(2)] ImmutableArray<PolicyError> Errors)
{
    public bool Accepted => Errors.IsEmpty;
}

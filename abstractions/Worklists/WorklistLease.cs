using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>Who took an item, when, and until when it is theirs.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistLease")]
public sealed record WorklistLease([property: Id(0)] string Agent, [property: Id(1)] DateTimeOffset TakenAt, [property: Id(2)] DateTimeOffset Until)
{
    public bool HeldAt(DateTimeOffset now) => Until > now;
}

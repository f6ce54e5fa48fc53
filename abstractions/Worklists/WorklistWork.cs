using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>How many items an agent took (a new lease, not a renewal) and completed.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistWork")]
public sealed record WorklistWork([property: Id(0)] long Taken, [property: Id(1)] long Completed);

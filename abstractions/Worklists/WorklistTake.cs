using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>The answer to taking an item: taken (the lease is the caller's), or held by someone else (their lease), or gone.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistTake")]
public sealed record WorklistTake([property: Id(0)] bool Taken, [property: Id(1)] WorklistEntry? Entry);

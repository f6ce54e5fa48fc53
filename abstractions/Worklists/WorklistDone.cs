using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>An item an agent marked done: it stays off the list while the customer's state still gives it.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistDone")]
public sealed record WorklistDone([property: Id(0)] string Agent, [property: Id(1)] DateTimeOffset At);

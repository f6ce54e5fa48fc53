using Journey.Domain.Rules;

namespace Journey.Abstractions.Statistics;

/// <summary>How often something was counted, and the sum of the amounts counted with it (days to pay, NPS scores).</summary>
[GenerateSerializer, Immutable, Alias("journey.StatisticsCounter")]
public sealed record StatisticsCounter([property: Id(0)] long Count, [property: Id(1)] double Sum);

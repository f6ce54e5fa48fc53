using Journey.Domain.Rules;

namespace Journey.Abstractions.Statistics;

/// <summary>A customer's batch of statistics facts, numbered per customer.</summary>
[GenerateSerializer, Immutable, Alias("journey.StatisticsDelivery")]
public sealed record StatisticsDelivery([property: Id(0)] string CustomerId, [property: Id(1)] StatisticsBatch Batch);

using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>A customer's worklist items as of one version of its state.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistUpdate")]
public sealed record WorklistUpdate([property: Id(0)] string CustomerId, [property: Id(1)] long Version, [property: Id(2)] ImmutableArray<WorklistItem> Items);

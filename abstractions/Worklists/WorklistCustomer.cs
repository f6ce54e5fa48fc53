using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

[GenerateSerializer, Immutable, Alias("journey.WorklistCustomer")]
public sealed record WorklistCustomer([property: Id(0)] long Version, [property: Id(1)] ImmutableArray<WorklistItem> Items);

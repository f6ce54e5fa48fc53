using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

[GenerateSerializer, Immutable, Alias("journey.CustomerChanged")]
public sealed record CustomerChanged(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<string> EventIds);

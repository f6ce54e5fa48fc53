using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

/// <summary>One version of a tenant's policy document, exactly as it was set.</summary>
[GenerateSerializer, Immutable, Alias("journey.PolicyVersion")]
public sealed record PolicyVersion(
    [property: Id(0)] string Tenant,
    [property: Id(1)] int Version,
    [property: Id(2)] string Document,
    [property: Id(3)] DateTimeOffset SetAt,
    [property: Id(4)] string Source);

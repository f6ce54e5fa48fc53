using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Messages;

/// <summary>One version of a tenant's message templates, exactly as it was set.</summary>
[GenerateSerializer, Immutable, Alias("journey.TemplatesVersion")]
public sealed record TemplatesVersion(
    [property: Id(0)] string Tenant,
    [property: Id(1)] int Version,
    [property: Id(2)] string Document,
    [property: Id(3)] DateTimeOffset SetAt,
    [property: Id(4)] string Source);

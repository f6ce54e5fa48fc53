using System.Collections.Immutable;
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

/// <summary>What setting a template document did: the version in force, whether it changed, and the document's errors by line and path.</summary>
[GenerateSerializer, Immutable, Alias("journey.SetTemplatesResult")]
public sealed record SetTemplatesResult(
    [property: Id(0)] TemplatesVersion? Current,
    [property: Id(1)] bool Changed,
    [property: Id(2)] ImmutableArray<PolicyError> Errors)
{
    public bool Accepted => Errors.IsEmpty;
}

[GenerateSerializer, Alias("journey.TemplateHistory")]
public sealed record TemplateHistory
{
    [Id(0)]
    public ImmutableArray<TemplatesVersion> Versions { get; init; } = [];
}

/// <summary>The one store of a tenant's message-template versions (versions start at 1 per tenant, as policies do).</summary>
[Alias("journey.ITenantTemplatesGrain")]
public interface ITenantTemplatesGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a new version; an invalid document changes nothing. Same content: no new version.</summary>
    [Alias("Set")]
    Task<SetTemplatesResult> Set(string document, string source);

    /// <summary>The tenant's own current version, or null when it has none (then the <c>default</c> tenant's templates apply).</summary>
    [Alias("GetOwn"), AlwaysInterleave]
    Task<TemplatesVersion?> GetOwn();
}

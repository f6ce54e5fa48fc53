using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Messages;

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

using System.Collections.Immutable;
using System.Security.Claims;
using Journey.Api.Security;
using Journey.Domain;

namespace Journey.Api.Application;

/// <summary>
/// Records audited actions in the tenant's trail once they are done, and reads the trail for callers
/// with the auditor role. The actor is the token's subject; with authentication off, the trail says so.
/// Times are the wall clock's: a simulated business clock does not move an audit line.
/// </summary>
public sealed class AuditLog(IGrainFactory grains, TenantAccess access, TimeProvider wallClock)
{
    public const string WithoutAuthentication = "(authentication off)";

    public Task RecordAsync(ClaimsPrincipal? caller, string tenant, string action, string subject, string? customerId = null) =>
        grains.GetGrain<IAuditTrailGrain>(tenant).Record(new AuditRecord(wallClock.GetUtcNow(), ActorOf(caller), action, subject, customerId));

    public string ActorOf(ClaimsPrincipal? caller) =>
        access.Enabled ? caller?.Identity?.Name ?? "(no subject)" : WithoutAuthentication;
}

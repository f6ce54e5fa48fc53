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

    public const int DefaultPage = 50;
    public const int MaxPage = 500;

    public Task RecordAsync(ClaimsPrincipal? caller, string tenant, string action, string subject, string? customerId = null) =>
        grains.GetGrain<IAuditTrailGrain>(tenant).Record(new AuditRecord(wallClock.GetUtcNow(), ActorOf(caller), action, subject, customerId));

    public string ActorOf(ClaimsPrincipal? caller) =>
        access.Enabled ? caller?.Identity?.Name ?? "(no subject)" : WithoutAuthentication;

    /// <summary>
    /// A page of the trail, newest first; <paramref name="after"/> is the last line's cursor of the previous
    /// page. The tenant <see cref="AuditActions.ClusterTrail"/> reads what concerns every tenant (the clock),
    /// for a token that grants them all.
    /// </summary>
    public async Task<(ImmutableArray<AuditEntry> Lines, string? Next)> PageAsync(ClaimsPrincipal? caller, string? tenant, int? first, string? after)
    {
        access.Demand(caller, tenant, Permission.Audit);
        var size = first ?? DefaultPage;
        long? before = null;
        var more = ImmutableArray.CreateBuilder<FieldError>();
        if (tenant != AuditActions.ClusterTrail)
        {
            more.AddRange(TouchpointParser.TenantErrors(tenant));
        }

        if (size is < 1 or > MaxPage)
        {
            more.Add(new FieldError("first", $"must be between 1 and {MaxPage}"));
        }

        if (after is not null)
        {
            if (long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cursor) && cursor > 0)
            {
                before = cursor;
            }
            else
            {
                more.Add(new FieldError("after", "is not a cursor of this trail"));
            }
        }

        if (more.Count > 0)
        {
            throw new InvalidInputException(more.ToImmutable());
        }

        var lines = await grains.GetGrain<IAuditTrailGrain>(tenant!).Page(size + 1, before);
        var page = lines.Length > size ? lines[..size] : lines;
        return (page, lines.Length > size ? page[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}

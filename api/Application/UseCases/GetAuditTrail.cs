using System.Security.Claims;
using System.Collections.Immutable;
using System.Globalization;
using Journey.Api.Security;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>A page of the audit trail with the cursor of the next one (null when there is no more).</summary>
public sealed record AuditTrailPage(ImmutableArray<AuditEntry> Lines, string? Next);

/// <summary>
/// A page of a tenant's audit trail, newest first (role auditor); <see cref="After"/> is the last line's cursor of the
/// previous page. The tenant <see cref="AuditActions.ClusterTrail"/> reads what concerns every tenant (the clock), for a
/// token that grants them all.
/// </summary>
public sealed record GetAuditTrail(string? Tenant, int? First, string? After) : UseCase<GetAuditTrail, AuditTrailPage>
{
    public const int DefaultPage = 50;
    public const int MaxPage = 500;

    public override Access Access => Access.ToTenantOrCluster(Tenant, Permission.Audit);

    /// <summary>The sequence the page starts below (null: the newest line).</summary>
    public long? Before => long.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) && cursor > 0 ? cursor : null;

    public override void Check(InputCheck check)
    {
        if (Tenant != AuditActions.ClusterTrail)
        {
            check.AddRange(TouchpointParser.TenantErrors(Tenant));
        }

        if ((First ?? DefaultPage) is < 1 or > MaxPage)
        {
            check.Add("first", $"must be between 1 and {MaxPage}");
        }

        if (After is not null && Before is null)
        {
            check.Add("after", "is not a cursor of this trail");
        }
    }

    public sealed class Handler(IGrainFactory grains) : IHandler<GetAuditTrail, AuditTrailPage>
    {
        public async Task<AuditTrailPage> HandleAsync(GetAuditTrail request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var size = request.First ?? DefaultPage;
            var lines = await grains.GetGrain<IAuditTrailGrain>(request.Tenant!).Page(size + 1, request.Before);
            var page = lines.Length > size ? lines[..size] : lines;
            return new AuditTrailPage(page, lines.Length > size ? page[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
        }
    }
}

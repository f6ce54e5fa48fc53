using System.Security.Claims;
using Journey.Api.Security;

namespace Journey.Api.Application;

/// <summary>The check every use case makes first: the caller's right to the tenant (or the cluster).</summary>
internal static class AccessGuards
{
    public static void Demand(this TenantAccess access, ClaimsPrincipal? caller, string? tenant, Permission permission)
    {
        var (verdict, reason) = access.Check(caller, tenant, permission);
        if (verdict != AccessVerdict.Allowed)
        {
            throw new AccessRefusedException(verdict, reason);
        }
    }
}

using System.Security.Claims;
using Journey.Api.Security;
using Journey.Domain;

namespace Journey.Api.Application;

/// <summary>The checks every use case makes first: the caller's right to the tenant, and a tenant id that can exist.</summary>
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

    public static void RequireTenant(this TenantAccess access, ClaimsPrincipal? caller, string? tenant, Permission permission, TouchpointLimits limits)
    {
        access.Demand(caller, tenant, permission);
        if (TouchpointParser.TenantErrors(tenant, limits: limits) is { IsEmpty: false } errors)
        {
            throw new InvalidInputException(errors);
        }
    }
}

using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Journey.Api.Security;

/// <summary>Journey:Auth. Off by default, which only a loopback-bound silo may run with.</summary>
public sealed class JourneyAuthOptions
{
    public const string Section = "Journey:Auth";

    public bool Enabled { get; set; }

    /// <summary>HMAC-SHA256 key for bearer tokens, at least 32 characters.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "journey";

    public string Audience { get; set; } = "journey-api";

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey ?? "")),
        NameClaimType = "sub",
        RoleClaimType = TenantAccess.RoleClaim,
        ClockSkew = TimeSpan.FromMinutes(1),
    };
}

/// <summary>What a caller may do: the roles a token carries.</summary>
public enum Permission
{
    /// <summary>Push touchpoints; connectors read dispatched actions.</summary>
    Ingest,

    /// <summary>Read customers, cases, policies; watch customers.</summary>
    Read,

    /// <summary>Ask whether a customer may be contacted (and read).</summary>
    Contact,

    /// <summary>Change a tenant's policy.</summary>
    AdministerPolicy,

    /// <summary>Dashboard, metrics, the simulated clock.</summary>
    Operate,

    /// <summary>Export or erase everything held about a customer (GDPR).</summary>
    Privacy,

    /// <summary>Read the audit trail: who changed policies and templates, exported or erased, moved the clock, took worklist items.</summary>
    Audit,
}

public enum AccessVerdict
{
    Allowed,
    Unauthenticated,
    Forbidden,
}

/// <summary>
/// Tenant isolation and roles, one decision for every endpoint. A token names the tenants its caller
/// may act for (claim <c>tenant</c>, several allowed: a BPO operator serving several clients; <c>*</c>
/// for all) and its roles (claim <c>role</c>: ingest, read, agent, policy-admin, operator, privacy, auditor).
/// </summary>
public sealed class TenantAccess(JourneyAuthOptions options)
{
    public const string TenantClaim = "tenant";
    public const string RoleClaim = "role";

    private static readonly Dictionary<Permission, string[]> RolesFor = new()
    {
        [Permission.Ingest] = ["ingest"],
        [Permission.Read] = ["read", "agent", "policy-admin"],
        [Permission.Contact] = ["agent"],
        [Permission.AdministerPolicy] = ["policy-admin"],
        [Permission.Operate] = ["operator"],
        [Permission.Privacy] = ["privacy"],
        [Permission.Audit] = ["auditor"],
    };

    public bool Enabled => options.Enabled;

    /// <summary>May this caller do this for this tenant? A null tenant checks the role only.</summary>
    public (AccessVerdict Verdict, string Reason) Check(ClaimsPrincipal? user, string? tenant, Permission permission)
    {
        if (!options.Enabled)
        {
            return (AccessVerdict.Allowed, "");
        }

        if (user?.Identity?.IsAuthenticated != true)
        {
            return (AccessVerdict.Unauthenticated, "a bearer token is required");
        }

        if (!RolesFor[permission].Any(user.IsInRole))
        {
            return (AccessVerdict.Forbidden, $"the token lacks a role for {permission} ({string.Join(" or ", RolesFor[permission])})");
        }

        if (tenant is not null && !user.FindAll(TenantClaim).Any(c => c.Value == tenant || c.Value == "*"))
        {
            return (AccessVerdict.Forbidden, $"the token does not grant tenant '{tenant}'");
        }

        return (AccessVerdict.Allowed, "");
    }

    /// <summary>Validates a raw bearer token (WebSocket connection_init carries one in its payload).</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token[7..] : token, options.ValidationParameters());
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}

/// <summary>Mints bearer tokens with the silo's key: for development (`dotnet run --project silo -- token ...`) and tests.</summary>
public static class DevTokens
{
    public static string Mint(JourneyAuthOptions options, IEnumerable<string> tenants, IEnumerable<string> roles, TimeSpan lifetime, string subject = "dev")
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            [TenantAccess.TenantClaim] = tenants.ToArray(),
            [TenantAccess.RoleClaim] = roles.ToArray(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.Add(lifetime),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey!)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

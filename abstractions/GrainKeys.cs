namespace Journey.Abstractions;

/// <summary>
/// Grain keys: a customer is keyed by (tenant, customerId), a case by (tenant, caseId). Tenants
/// cannot contain '/', so the first '/' always separates the tenant from the id.
/// </summary>
public static class GrainKeys
{
    public static string Of(string tenant, string id) => $"{tenant}/{id}";

    public static (string Tenant, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new ArgumentException($"'{key}' is not a tenant-scoped key", nameof(key)) : (key[..slash], key[(slash + 1)..]);
    }

    public static string ArchivePage(string tenant, string customerId, int page) => $"{tenant}/{page}/{customerId}";

    public static string DecisionPage(string tenant, string customerId, int page) => $"{tenant}/decisions/{page}/{customerId}";

    /// <summary>Which of <paramref name="shards"/> a key belongs to, the same on every silo and after restarts.</summary>
    public static int ShardOf(string key, int shards) => Journey.Domain.StableHash.Bucket(key, shards);
}

using Journey.Api.Security;

namespace Journey.Api.Application;

/// <summary>What a use case's caller must be allowed, and whose keys the request names.</summary>
public enum AccessScope
{
    /// <summary>The whole cluster (the business clock): no tenant is named.</summary>
    Cluster,

    /// <summary>One tenant, whose id is checked as a touchpoint's would be.</summary>
    Tenant,

    /// <summary>One customer (or case) of a tenant, both ids checked.</summary>
    Customer,

    /// <summary>A tenant or the cluster's own trail (<c>*</c>): the request checks the id itself.</summary>
    TenantOrCluster,
}

/// <summary>
/// The access a request needs: a permission for its tenant (or the cluster), and the keys the pipeline checks
/// before the request's own fields. <see cref="IdField"/> is the id's name in the caller's API, so that an error
/// names the field the caller sent.
/// </summary>
public readonly record struct Access(Permission Permission, AccessScope Scope, string? Tenant = null, string? Id = null, string IdField = "")
{
    public static Access ToCluster(Permission permission) => new(permission, AccessScope.Cluster);

    public static Access ToTenant(string? tenant, Permission permission) => new(permission, AccessScope.Tenant, tenant);

    public static Access ToTenantOrCluster(string? tenant, Permission permission) => new(permission, AccessScope.TenantOrCluster, tenant);

    public static Access ToCustomer(string? tenant, string? id, string idField, Permission permission) => new(permission, AccessScope.Customer, tenant, id, idField);
}

using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

public static class PolicyTenants
{
    /// <summary>Its policy applies to every tenant without one of its own.</summary>
    public const string Default = "default";
}

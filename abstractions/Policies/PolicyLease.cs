using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

public static class PolicyLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(3);

    /// <summary>Subscriptions are renewed, and the cache emptied, this often: a lost notification is stale at most this long.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);
}

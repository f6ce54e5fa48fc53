namespace Journey.Abstractions;

/// <summary>
/// What has been acknowledged here and is still being delivered to shards and outboxes (tenant sums,
/// segment counts) can be waited for before a tenant-wide read. Where the API runs apart from the
/// silos there is nothing local to wait for, and such reads are as fresh as the shards are.
/// </summary>
public interface IAcknowledgedEffects
{
    /// <summary>Completes once what was acknowledged before the call has been delivered, or <paramref name="timeout"/> has passed.</summary>
    Task DrainAsync(TimeSpan timeout);
}

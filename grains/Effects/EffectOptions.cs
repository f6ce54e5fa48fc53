namespace Journey.Grains.Effects;

/// <summary>Journey:Effects: how often the effects of acknowledged steps are delivered.</summary>
public sealed record EffectOptions
{
    public const string Section = "Journey:Effects";

    /// <summary>
    /// The least time between two deliveries to one statistics, segment or worklist shard. Each
    /// delivery rewrites what the shard holds (its per-customer map), so this bounds that cost per
    /// second by the number of customers, not by the touchpoint rate. Tenant-wide reads deliver first.
    /// </summary>
    public TimeSpan ShardPace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A customer's effect marker older than this names effects no silo is known to be delivering
    /// (their silo died): any silo's recovery then asks the customer to offer them again. Longer than
    /// <see cref="ShardPace"/>, so that effects waiting for their shard's round are not recovered.
    /// </summary>
    public TimeSpan RecoverAfter { get; init; } = TimeSpan.FromMinutes(1);

    public string? Problem() =>
        ShardPace < TimeSpan.Zero || ShardPace > TimeSpan.FromMinutes(10) ? "Journey:Effects:ShardPace must be from 0 to 10 minutes"
        : RecoverAfter <= ShardPace || RecoverAfter > TimeSpan.FromHours(1) ? "Journey:Effects:RecoverAfter must be longer than Journey:Effects:ShardPace and at most 1 hour"
        : null;
}

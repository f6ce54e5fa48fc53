using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Journey.Api.V1;

namespace Journey.Connectors;

/// <summary>What the connectors are doing, per tenant: queued, waiting for quiet hours to end, and counts by channel and outcome (<c>GET /status</c>, meter <c>Journey.Connectors</c>).</summary>
public sealed class ConnectorStatus
{
    private static readonly Meter Meter = new("Journey.Connectors", "1.0");
    private static readonly Counter<long> Messages = Meter.CreateCounter<long>("journey.connectors.messages", "{message}", "Messages handled, by tenant, channel and outcome (sent, rejected, no-address, no-template, cancelled).");

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(string tenant, Channel channel, string outcome)
    {
        _counts.AddOrUpdate($"{tenant}/{channel}/{outcome}", 1, (_, n) => n + 1);
        Messages.Add(1, new("tenant", tenant), new("channel", channel.ToString()), new("outcome", outcome));
    }

    public void Queued(string tenant, int change) => _counts.AddOrUpdate($"{tenant}/queued", change, (_, n) => n + change);

    public void Waiting(string tenant, int change) => _counts.AddOrUpdate($"{tenant}/waiting-for-quiet-hours-to-end", change, (_, n) => n + change);

    public long Get(string key) => _counts.GetValueOrDefault(key);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);
}

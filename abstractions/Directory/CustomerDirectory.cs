using Orleans.Concurrency;

namespace Journey.Abstractions.Directory;

public static class CustomerDirectory
{
    public const int Shards = 64;

    public static int ShardOf(string customerId) => GrainKeys.ShardOf(customerId, Shards);

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{ShardOf(customerId)}";

    /// <summary>A paging cursor over all shards: the shard and the last id returned from it.</summary>
    public static string Cursor(int shard, string lastId) => $"{shard}:{lastId}";

    /// <summary>Where a cursor resumes; (0, null) for none; null for text that is not a cursor.</summary>
    public static (int Shard, string? After)? ParseCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (0, null);
        }

        var colon = cursor.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(cursor.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shard) && shard < Shards
            ? (shard, cursor[(colon + 1)..])
            : null;
    }

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}

namespace Journey.Abstractions.Scheduling;

public static class WakeSchedule
{
    public const int Shards = 16;

    public const int PartSize = 1_000;

    public static int ShardOf(string customerKey) => GrainKeys.ShardOf(customerKey, Shards);

    public static long MinuteOf(DateTimeOffset at) => (long)Math.Ceiling(at.ToUnixTimeMilliseconds() / 60_000.0);

    public static DateTimeOffset StartOf(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000);

    public static string BucketKey(int shard, long minute, int part = 0) => part == 0 ? $"{shard}/{minute}" : $"{shard}/{minute}/{part}";
}

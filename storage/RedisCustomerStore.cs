using System.Text.Json;
using Journey.Domain;
using Journey.Grains;
using System.Collections.Immutable;
using Journey.Grains.Directory;
using Journey.Grains.Scheduling;
using Journey.Grains.Storage;
using StackExchange.Redis;

namespace Journey.Storage;

/// <summary>
/// Customers in Redis as a log and a snapshot per customer, with a version as fence. The writes of
/// all customer grains of a silo are group-committed: one pipelined batch of small scripts per round
/// trip, so with <c>appendfsync always</c> one fsync covers the whole batch. Each script checks the
/// customer's version first, so a stale activation on another silo has its own writes refused while
/// the rest of the batch commits. Customers stored by earlier versions (whole state in the Orleans
/// Redis grain storage) are read from there until their first snapshot here.
/// </summary>
public sealed class RedisCustomerStore(IConnectionMultiplexer redis, string serviceId, ICustomerStore legacy, int maxBatch = 512, int maxInFlight = 2)
    : ICustomerStore, ICustomerIndexes, IAsyncDisposable
{
    // KEYS: version, log, snapshot, schedule shard, directory shard, then one key per claimed case.
    // ARGV: expected version ('' for none), new version, 's' (snapshot) or 'a' (append), bytes,
    //       customer key, schedule ('s' set at ARGV[7], 'r' remove, '' leave), minute, list ('1' or ''), customer id.
    // Answers {1} committed, {0} fenced, {2, i...} the claims at those positions belong to another customer.
    // Every key lives on the one Redis server Journey uses (a Redis Cluster would need them in one slot).
    private const string AppendScript = """
        local v = redis.call('GET', KEYS[1])
        if (v or '') ~= ARGV[1] then return {0} end
        local lost = {}
        for i = 6, #KEYS do
          local owner = redis.call('GET', KEYS[i])
          if owner and owner ~= ARGV[9] then lost[#lost + 1] = i - 5 end
        end
        if #lost > 0 then return {2, unpack(lost)} end
        for i = 6, #KEYS do redis.call('SET', KEYS[i], ARGV[9]) end
        redis.call('SET', KEYS[1], ARGV[2])
        if ARGV[3] == 's' then
          redis.call('SET', KEYS[3], ARGV[4])
          redis.call('DEL', KEYS[2])
        else
          redis.call('RPUSH', KEYS[2], ARGV[4])
        end
        if ARGV[6] == 's' then redis.call('ZADD', KEYS[4], ARGV[7], ARGV[5]) elseif ARGV[6] == 'r' then redis.call('ZREM', KEYS[4], ARGV[5]) end
        if ARGV[8] == '1' then redis.call('ZADD', KEYS[5], 0, ARGV[9]) end
        return {1}
        """;

    private const string ReadScript = """
        return { redis.call('GET', KEYS[1]), redis.call('GET', KEYS[3]), redis.call('LRANGE', KEYS[2], 0, -1) }
        """;

    private readonly GroupCommitter<CustomerAppend, AppendResult> _committer = new("redis", batch => CommitAsync(redis.GetDatabase(), serviceId, batch), maxBatch, maxInFlight);

    public bool WholeStateOnly => false;

    public async Task<StoredCustomer> ReadAsync(string key)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReadScript, Keys(serviceId, key)))!;
        if (result[0].IsNull)
        {
            var old = await legacy.ReadAsync(key);
            return old.Snapshot is null ? StoredCustomer.None : new StoredCustomer(old.Snapshot, [], null, FromLegacy: true);
        }

        var snapshot = result[1].IsNull ? null : JsonSerializer.Deserialize((byte[])result[1]!, CustomerJson.Default.CustomerState);
        var tail = ((RedisResult[])result[2]!).Select(entry => JsonSerializer.Deserialize((byte[])entry!, CustomerJson.Default.CustomerLogEntry)!).ToList();
        return new StoredCustomer(snapshot, tail, (string?)result[0]);
    }

    public Task<AppendResult> AppendAsync(CustomerAppend append) => _committer.Enqueue(append);

    public async Task ForgetLegacyAsync(string key)
    {
        if (legacy is GrainStorageCustomerStore whole)
        {
            await whole.ClearAsync(key);
        }
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();

    public async Task<string?> OwnerOfAsync(string tenant, string caseId) => await redis.GetDatabase().StringGetAsync(CaseKey(serviceId, tenant, caseId));

    public Task ReleaseAsync(string tenant, string caseId, string customerId) =>
        redis.GetDatabase().ScriptEvaluateAsync("if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1",
            [CaseKey(serviceId, tenant, caseId)], [customerId]);

    public async Task<ImmutableArray<string>> PageAsync(string tenant, int shard, string? after, int first) =>
        [.. (await redis.GetDatabase().SortedSetRangeByValueAsync(DirectoryKey(serviceId, tenant, shard), after is null ? default : (RedisValue)after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, first))
            .Select(v => (string)v!)];

    public async Task<int> CountAsync(string tenant, int shard) => (int)await redis.GetDatabase().SortedSetLengthAsync(DirectoryKey(serviceId, tenant, shard));

    public Task DelistAsync(string tenant, string customerId) =>
        redis.GetDatabase().SortedSetRemoveAsync(DirectoryKey(serviceId, tenant, CustomerDirectory.ShardOf(customerId)), customerId);

    public Task RescheduleAsync(string customerKey, long? minute) =>
        minute is { } at
            ? redis.GetDatabase().SortedSetAddAsync(ScheduleKey(serviceId, WakeSchedule.ShardOf(customerKey)), customerKey, at)
            : redis.GetDatabase().SortedSetRemoveAsync(ScheduleKey(serviceId, WakeSchedule.ShardOf(customerKey)), customerKey);

    public async Task<IReadOnlyList<(string CustomerKey, long Minute)>> DueAsync(int shard, long throughMinute, int max) =>
        [.. (await redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(ScheduleKey(serviceId, shard), double.NegativeInfinity, throughMinute, take: max))
            .Select(e => ((string)e.Element!, (long)e.Score))];

    public async Task<long?> NextDueAsync(int shard)
    {
        var first = await redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(ScheduleKey(serviceId, shard), 0, 0);
        return first.Length == 0 ? null : (long)first[0].Score;
    }

    private static RedisKey[] Keys(string serviceId, string key)
    {
        var prefix = $"journey:{serviceId}:{{{key}}}";
        return [prefix + ":v", prefix + ":log", prefix + ":snap"];
    }

    private static RedisKey CaseKey(string serviceId, string tenant, string caseId) => $"journey:{serviceId}:case:{tenant}/{caseId}";

    private static RedisKey DirectoryKey(string serviceId, string tenant, int shard) => $"journey:{serviceId}:directory:{tenant}/{shard}";

    private static RedisKey ScheduleKey(string serviceId, int shard) => $"journey:{serviceId}:wake:{shard}";

    private static async Task<IReadOnlyList<AppendResult>> CommitAsync(IDatabase database, string serviceId, IReadOnlyList<CustomerAppend> appends)
    {
        var batch = database.CreateBatch();
        var pending = new Task<RedisResult>[appends.Count];
        long bytes = 0;
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            var (mode, payload) = append.Snapshot is { } snapshot
                ? ("s", JsonSerializer.SerializeToUtf8Bytes(snapshot, CustomerJson.Default.CustomerState))
                : ("a", JsonSerializer.SerializeToUtf8Bytes(append.Entry!, CustomerJson.Default.CustomerLogEntry));
            var (tenant, customerId) = GrainKeys.Parse(append.Key);
            RedisKey[] keys =
            [
                .. Keys(serviceId, append.Key), ScheduleKey(serviceId, WakeSchedule.ShardOf(append.Key)), DirectoryKey(serviceId, tenant, CustomerDirectory.ShardOf(customerId)),
                .. append.Claims.Select(c => CaseKey(serviceId, tenant, c)),
            ];
            var schedule = !append.Reschedule ? "" : append.WakeMinute is null ? "r" : "s";
            RedisValue[] values = [append.Fence ?? "", append.Version, mode, payload, append.Key, schedule, append.WakeMinute ?? 0, append.List ? "1" : "", customerId];
            bytes += payload.Length + append.Key.Length * 2 + customerId.Length + append.Claims.Sum(c => c.Length + customerId.Length);
            pending[i] = batch.ScriptEvaluateAsync(AppendScript, keys, values);
        }

        batch.Execute();
        await Task.WhenAll(pending);
        JourneyMetrics.Stored("log", bytes);
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var answer = (RedisResult[])pending[i].Result!;
            results[i] = (int)answer[0] switch
            {
                1 => new AppendResult(true, appends[i].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                2 => new AppendResult(false, null, [.. answer.Skip(1).Select(position => appends[i].Claims[(int)position - 1])]),
                _ => AppendResult.Fenced,
            };
        }

        return results;
    }
}

using System.Text.Json;
using Journey.Domain;
using Journey.Grains;
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
public sealed class RedisCustomerStore(IConnectionMultiplexer redis, string serviceId, ICustomerStore legacy, int maxBatch = 512, int maxInFlight = 2) : ICustomerStore, IAsyncDisposable
{
    // KEYS: version, log, snapshot. ARGV: expected version ('' for none), new version, 's' (snapshot) or 'a' (append), bytes.
    private const string AppendScript = """
        local v = redis.call('GET', KEYS[1])
        if (v or '') ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        if ARGV[3] == 's' then
          redis.call('SET', KEYS[3], ARGV[4])
          redis.call('DEL', KEYS[2])
        else
          redis.call('RPUSH', KEYS[2], ARGV[4])
        end
        return 1
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

    private static RedisKey[] Keys(string serviceId, string key)
    {
        // One hash slot per customer, so the scripts also run on a Redis cluster.
        var prefix = $"journey:{serviceId}:{{{key}}}";
        return [prefix + ":v", prefix + ":log", prefix + ":snap"];
    }

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
            bytes += payload.Length;
            pending[i] = batch.ScriptEvaluateAsync(AppendScript, Keys(serviceId, append.Key),
                [append.Fence ?? "", append.Version, mode, payload]);
        }

        batch.Execute();
        await Task.WhenAll(pending);
        JourneyMetrics.Stored("log", bytes);
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            results[i] = (int)pending[i].Result == 1 ? new AppendResult(true, appends[i].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : AppendResult.Fenced;
        }

        return results;
    }
}

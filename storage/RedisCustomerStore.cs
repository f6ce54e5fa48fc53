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
public sealed class RedisCustomerStore(IConnectionMultiplexer redis, string serviceId, WholeStates legacy, int maxBatch = 512, int maxInFlight = 2, int snapshotEvery = 64)
    : ICustomerStore, IAsyncDisposable
{
    // One call commits a whole group: for each write, KEYS holds version, log, snapshot, schedule shard,
    // directory shard, effect markers and one key per claimed case; ARGV holds the number of its keys,
    // the expected version ('' for none), the new version, 's' (snapshot) or 'a' (append), the bytes,
    // the customer key, the schedule change ('s' set to the minute that follows, 'r' remove, '' none),
    // the minute, '1' to list, the customer id, and the moment its effects are marked ('' none). The answer has one element per write: 1 committed, 0 fenced,
    // or the positions of the claims another customer owns ("2:1,3"); a write that fails its checks
    // changes nothing, the others commit. Every key lives on the one Redis server Journey uses
    // (a Redis Cluster would need them in one slot).
    private const string AppendScript = """
        local answers = {}
        local k, a = 0, 0
        while a < #ARGV do
          local n = tonumber(ARGV[a + 1])
          local fence, version, mode, bytes = ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
          local customer, schedule, minute, list, id, marked = ARGV[a + 6], ARGV[a + 7], ARGV[a + 8], ARGV[a + 9], ARGV[a + 10], ARGV[a + 11]
          local v = redis.call('GET', KEYS[k + 1])
          if (v or '') ~= fence then
            answers[#answers + 1] = '0'
          else
            local lost = {}
            for i = k + 7, k + n do
              local owner = redis.call('GET', KEYS[i])
              if owner and owner ~= id then lost[#lost + 1] = tostring(i - k - 6) end
            end
            if #lost > 0 then
              answers[#answers + 1] = '2:' .. table.concat(lost, ',')
            else
              for i = k + 7, k + n do redis.call('SET', KEYS[i], id) end
              redis.call('SET', KEYS[k + 1], version)
              if mode == 's' then
                redis.call('SET', KEYS[k + 3], bytes)
                redis.call('DEL', KEYS[k + 2])
              else
                redis.call('RPUSH', KEYS[k + 2], bytes)
              end
              if schedule == 's' then redis.call('ZADD', KEYS[k + 4], minute, customer) elseif schedule == 'r' then redis.call('ZREM', KEYS[k + 4], customer) end
              if list == '1' then redis.call('ZADD', KEYS[k + 5], 0, id) end
              if marked ~= '' then redis.call('ZADD', KEYS[k + 6], marked, customer) end
              answers[#answers + 1] = '1'
            end
          end
          k = k + n
          a = a + 11
        end
        return answers
        """;

    // KEYS[1] the effect markers; ARGV pairs of customer key and the moment its delivered effects were marked.
    private const string SettleScript = """
        for i = 1, #ARGV, 2 do
          local at = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if at and tonumber(at) <= tonumber(ARGV[i + 1]) then redis.call('ZREM', KEYS[1], ARGV[i]) end
        end
        return 1
        """;

    // Reads a group of customers at once: KEYS holds, per customer, its version, log, snapshot and the key
    // its whole state had in the Orleans Redis grain storage of earlier versions; the answer holds, per
    // customer, { version, snapshot, log } or, for one never written here, { false, false, {}, 1 if an
    // earlier version stored it }. So a new customer costs part of one script, not a read of its own and
    // another of the grain storage.
    private const string ReadScript = """
        local answers = {}
        for i = 1, #KEYS, 4 do
          local v = redis.call('GET', KEYS[i])
          if v then
            answers[#answers + 1] = { v, redis.call('GET', KEYS[i + 2]), redis.call('LRANGE', KEYS[i + 1], 0, -1) }
          else
            answers[#answers + 1] = { false, false, {}, redis.call('EXISTS', KEYS[i + 3]) }
          end
        end
        return answers
        """;

    private readonly GroupCommit<CustomerAppend, AppendResult> _committer = new(CommitWith(redis, new CommitKeys(serviceId)), CommitLoop.ThreadPool, maxBatch, maxInFlight, "redis");
    private readonly GroupCommit<string, RedisResult[]> _reader = new(keys => ReadManyAsync(redis.GetDatabase(), serviceId, keys), CommitLoop.ThreadPool, maxBatch, maxInFlight, "redis-read");

    public SnapshotPolicy Snapshots { get; } = new(snapshotEvery, AtShutdown: true);

    /// <summary>Customer writes handed to the group committer and not yet answered by Redis.</summary>
    public int PendingWrites => _committer.Pending;

    public async Task<StoredCustomer> ReadAsync(string key)
    {
        var result = await _reader.Enqueue(key);
        if (result[0].IsNull)
        {
            if ((long)result[3] == 0)
            {
                return StoredCustomer.None;
            }

            var old = await legacy.ReadAsync(key);
            return old.Snapshot is null ? StoredCustomer.None : new StoredCustomer(old.Snapshot, [], null, FromLegacy: true);
        }

        var snapshot = result[1].IsNull ? null : JsonSerializer.Deserialize((byte[])result[1]!, CustomerJson.Default.CustomerState);
        var tail = ((RedisResult[])result[2]!).Select(entry => JsonSerializer.Deserialize((byte[])entry!, CustomerJson.Default.CustomerLogEntry)!).ToList();
        return new StoredCustomer(snapshot, tail, (string?)result[0]);
    }

    public Task<AppendResult> AppendAsync(CustomerAppend append) => _committer.Enqueue(append);

    public Task ForgetLegacyAsync(string key) => legacy.ClearAsync(key);

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _committer.DisposeAsync();
    }

    public async Task<string?> OwnerOfAsync(string tenant, string caseId) => await redis.GetDatabase().StringGetAsync(CaseKey(serviceId, tenant, caseId));

    public Task ReleaseAsync(string tenant, string caseId, string customerId) =>
        redis.GetDatabase().ScriptEvaluateAsync("if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1",
            [CaseKey(serviceId, tenant, caseId)], [customerId]);

    public async Task<ImmutableArray<string>> PageAsync(string tenant, int shard, string? after, int first) =>
        [.. (await redis.GetDatabase().SortedSetRangeByValueAsync(DirectoryKey(serviceId, tenant, shard), after is null ? default : (RedisValue)after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, first))
            .Select(v => (string)v!)];

    public async Task<int> CountAsync(string tenant, int shard) => (int)await redis.GetDatabase().SortedSetLengthAsync(DirectoryKey(serviceId, tenant, shard));

    public Task ListAsync(string tenant, string customerId) =>
        redis.GetDatabase().SortedSetAddAsync(DirectoryKey(serviceId, tenant, CustomerDirectory.ShardOf(customerId)), customerId, 0);

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

    public async Task<IReadOnlyList<(string CustomerKey, long MarkedAt)>> UnsettledAsync(long markedBefore, int max) =>
        [.. (await redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(EffectsKey(serviceId), double.NegativeInfinity, markedBefore, Exclude.Stop, take: max))
            .Select(e => ((string)e.Element!, (long)e.Score))];

    public Task SettleAsync(IReadOnlyList<(string CustomerKey, long MarkedAt)> settled) =>
        settled.Count == 0 ? Task.CompletedTask : redis.GetDatabase().ScriptEvaluateAsync(SettleScript, [EffectsKey(serviceId)],
            [.. settled.SelectMany(s => new RedisValue[] { s.CustomerKey, s.MarkedAt })]);

    private static RedisKey EffectsKey(string serviceId) => $"journey:{serviceId}:effects";

    private static async Task<IReadOnlyList<RedisResult[]>> ReadManyAsync(IDatabase database, string serviceId, IReadOnlyList<string> customers)
    {
        var keys = new RedisKey[customers.Count * 4];
        for (var i = 0; i < customers.Count; i++)
        {
            OwnKeys(serviceId, customers[i], keys, i * 4);
            keys[i * 4 + 3] = WholeStates.RedisKeyOf(serviceId, customers[i]);
        }

        var answers = (RedisResult[])(await database.ScriptEvaluateAsync(ReadScript, keys))!;
        return [.. answers.Select(answer => (RedisResult[])answer!)];
    }

    /// <summary>The customer's version, log and snapshot keys, written into <paramref name="into"/> at <paramref name="at"/> (each made in one go: every commit names them for every customer in it).</summary>
    private static void OwnKeys(string serviceId, string key, RedisKey[] into, int at)
    {
        into[at] = Key(serviceId, key, ":v");
        into[at + 1] = Key(serviceId, key, ":log");
        into[at + 2] = Key(serviceId, key, ":snap");

        static string Key(string serviceId, string key, string suffix) => string.Concat(["journey:", serviceId, ":{", key, "}", suffix]);
    }

    /// <summary>The keys every commit names again and again (schedule and directory shards, the markers), made once.</summary>
    private sealed class CommitKeys(string serviceId)
    {
        private readonly RedisKey[] _schedule = [.. Enumerable.Range(0, WakeSchedule.Shards).Select(shard => ScheduleKey(serviceId, shard))];
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RedisKey[]> _directory = new();

        public string ServiceId => serviceId;

        public RedisKey Effects { get; } = EffectsKey(serviceId);

        public RedisKey Schedule(int shard) => _schedule[shard];

        public RedisKey Directory(string tenant, int shard) =>
            _directory.GetOrAdd(tenant, t => [.. Enumerable.Range(0, CustomerDirectory.Shards).Select(s => DirectoryKey(serviceId, t, s))])[shard];
    }

    private static RedisKey CaseKey(string serviceId, string tenant, string caseId) => $"journey:{serviceId}:case:{tenant}/{caseId}";

    private static RedisKey DirectoryKey(string serviceId, string tenant, int shard) => $"journey:{serviceId}:directory:{tenant}/{shard}";

    private static RedisKey ScheduleKey(string serviceId, int shard) => $"journey:{serviceId}:wake:{shard}";

    private static Func<IReadOnlyList<CustomerAppend>, Task<IReadOnlyList<AppendResult>>> CommitWith(IConnectionMultiplexer redis, CommitKeys keys) =>
        batch => CommitAsync(redis.GetDatabase(), keys, batch);

    private static async Task<IReadOnlyList<AppendResult>> CommitAsync(IDatabase database, CommitKeys shared, IReadOnlyList<CustomerAppend> appends)
    {
        // Exact-size arrays, filled in place: a batch's arguments are built once, not grown and copied
        // (a copy of a full batch's values is large enough to land on the large-object heap).
        var keyCount = 0;
        foreach (var append in appends)
        {
            keyCount += 6 + append.Claims.Length; // the customer's three, schedule, directory, markers, claims
        }

        var keys = new RedisKey[keyCount];
        var values = new RedisValue[appends.Count * 11];
        var (k, v) = (0, 0);
        long bytes = 0;

        // Every payload of the batch in one rented buffer; each argument is a slice of it.
        using var payloads = new Payloads(appends);
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            var (mode, payload) = (append.Snapshot is null ? "a" : "s", payloads[i]);
            var (tenant, customerId) = append.Names();
            OwnKeys(shared.ServiceId, append.Key, keys, k);
            k += 3;
            keys[k++] = shared.Schedule(WakeSchedule.ShardOf(append.Key));
            keys[k++] = shared.Directory(tenant, CustomerDirectory.ShardOf(customerId));
            keys[k++] = shared.Effects;
            foreach (var claim in append.Claims)
            {
                keys[k++] = CaseKey(shared.ServiceId, tenant, claim);
                bytes += claim.Length + customerId.Length;
            }

            values[v++] = 6 + append.Claims.Length;
            values[v++] = append.Fence ?? "";
            values[v++] = append.Version;
            values[v++] = mode;
            values[v++] = payload;
            values[v++] = append.Key;
            values[v++] = !append.Reschedule ? "" : append.WakeMinute is null ? "r" : "s";
            values[v++] = append.WakeMinute ?? 0;
            values[v++] = append.List ? "1" : "";
            values[v++] = customerId;
            values[v++] = append.EffectsMarkedAt is { } marked ? marked : RedisValue.EmptyString;
            bytes += payload.Length + append.Key.Length * 2 + customerId.Length + (append.EffectsMarkedAt is null ? 0 : 13);
        }

        var answers = (RedisResult[])(await database.ScriptEvaluateAsync(AppendScript, keys, values))!;
        payloads.Sent();
        JourneyMetrics.Stored("log", bytes);
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var answer = (string)answers[i]!;
            results[i] = answer switch
            {
                "1" => new AppendResult(true, appends[i].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                "0" => AppendResult.Fenced,
                _ => new AppendResult(false, null, [.. answer[2..].Split(',').Select(position => appends[i].Claims[int.Parse(position, System.Globalization.CultureInfo.InvariantCulture) - 1])]),
            };
        }

        return results;
    }

    /// <summary>
    /// The JSON payloads of a commit, written one after another into one buffer from the shared pool.
    /// The buffer goes back to the pool only once Redis has answered: after a failure the client may
    /// still hold the command, so the buffer is left to the collector then.
    /// </summary>
    private sealed class Payloads : System.Buffers.IBufferWriter<byte>, IDisposable
    {
        private readonly int[] _ends;
        private byte[] _buffer;
        private int _written;
        private bool _sent;

        public Payloads(IReadOnlyList<CustomerAppend> appends)
        {
            _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(appends.Count * 512);
            _ends = new int[appends.Count];
            using var writer = new Utf8JsonWriter(this);
            for (var i = 0; i < appends.Count; i++)
            {
                if (appends[i].Snapshot is { } snapshot)
                {
                    JsonSerializer.Serialize(writer, snapshot, CustomerJson.Default.CustomerState);
                }
                else
                {
                    JsonSerializer.Serialize(writer, appends[i].Entry!, CustomerJson.Default.CustomerLogEntry);
                }

                writer.Flush();
                writer.Reset();
                _ends[i] = _written;
            }
        }

        public ReadOnlyMemory<byte> this[int index]
        {
            get
            {
                var start = index == 0 ? 0 : _ends[index - 1];
                return _buffer.AsMemory(start, _ends[index] - start);
            }
        }

        public void Sent() => _sent = true;

        public void Dispose()
        {
            if (_sent)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            }
        }

        void System.Buffers.IBufferWriter<byte>.Advance(int count) => _written += count;

        Memory<byte> System.Buffers.IBufferWriter<byte>.GetMemory(int sizeHint) => Free(sizeHint);

        Span<byte> System.Buffers.IBufferWriter<byte>.GetSpan(int sizeHint) => Free(sizeHint).Span;

        private Memory<byte> Free(int sizeHint)
        {
            var needed = _written + Math.Max(sizeHint, 256);
            if (needed > _buffer.Length)
            {
                var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
                _buffer.AsSpan(0, _written).CopyTo(larger);
                System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            return _buffer.AsMemory(_written);
        }
    }
}

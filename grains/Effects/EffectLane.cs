using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Journey.Grains.Effects;

/// <summary>What the dispatcher asks of every lane, whatever it carries.</summary>
internal interface IEffectLane : IAsyncDisposable
{
    int Pending { get; }

    (string Kind, int Count, TimeSpan OldestAge) Backlog { get; }

    void Hurry(int change);
}

/// <summary>
/// One kind of effect: a queue per target, owned by one loop. Callers only put items in an inbox
/// (no lock); each round the loop sorts the inbox into the targets' queues, takes in what finished
/// deliveries report, and starts a delivery for every target that has items, is not being
/// delivered to, and is neither pausing after a failure nor inside its pace.
/// </summary>
internal sealed class EffectLane<TTarget, TItem> : IEffectLane
    where TTarget : notnull
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    private readonly string _kind;
    private readonly long _pace;
    private readonly ILogger _logger;
    private readonly Func<TTarget, IReadOnlyList<TItem>, Task> _deliver;
    private readonly ConcurrentQueue<(TTarget Target, TItem Item)> _inbox = new();
    private readonly ConcurrentQueue<(Target Queue, List<TItem> Items, bool Delivered)> _finished = new();
    private readonly ConcurrentQueue<(TTarget Target, Predicate<TItem> Match)> _removals = new();

    // Touched by the loop only. Targets with items wait; those that just began to wait (or came back
    // from a delivery) are fresh: only they are looked at until the earliest paced target is due.
    private readonly Dictionary<TTarget, Target> _targets = [];
    private readonly HashSet<Target> _waiting = [];
    private readonly List<Target> _fresh = [];
    private long _nextDue;
    private bool _hurried;
    private long _lastFull;

    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;
    private int _hurry;
    private int _signalled;
    private long _oldestSince;

    /// <param name="pace">The least time between two deliveries to one target.</param>
    public EffectLane(string kind, TimeSpan pace, ILogger logger, Func<TTarget, IReadOnlyList<TItem>, Task> deliver)
    {
        (_kind, _logger, _deliver) = (kind, logger, deliver);
        _pace = (long)(pace.TotalSeconds * Stopwatch.Frequency);
        _loop = Task.Run(RunAsync);
    }

    public int Pending => Volatile.Read(ref _count);

    public (string Kind, int Count, TimeSpan OldestAge) Backlog
    {
        get
        {
            var since = Volatile.Read(ref _oldestSince);
            return (_kind, Pending, since == 0 || Pending == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since));
        }
    }

    public void Hurry(int change)
    {
        Interlocked.Add(ref _hurry, change);
        Signal();
    }

    // A paced lane is woken only by its first item: the rest wait for the round its pace sets
    // anyway, and a loop woken per item would cost a timer and a round per item.
    public void Add(TTarget target, TItem item)
    {
        _inbox.Enqueue((target, item));
        if (Interlocked.Increment(ref _count) == 1 || _pace == 0 || Volatile.Read(ref _hurry) > 0)
        {
            Signal();
        }
    }

    public void RemoveWhere(TTarget target, Predicate<TItem> match)
    {
        _removals.Enqueue((target, match));
        Signal();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    // One wake-up for the loop however many items arrive before it runs.
    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Volatile.Write(ref _signalled, 0);
            Sort();
            var wait = StartDeliveries();
            await _signal.WaitAsync(wait, _stop.Token);
        }
    }

    // Inbox, finished deliveries and removals into the targets' queues.
    private void Sort()
    {
        var now = Stopwatch.GetTimestamp();
        while (_inbox.TryDequeue(out var arrived))
        {
            if (!_targets.TryGetValue(arrived.Target, out var queue))
            {
                // Targets met together start at a random point of their pace, so that shards do not all rewrite in the same moment.
                _targets[arrived.Target] = queue = new Target(arrived.Target) { LastDelivery = now - (long)(Random.Shared.NextDouble() * _pace) };
            }

            if (queue.Items.Count == 0)
            {
                queue.Since = now;
            }

            queue.Items.Add(arrived.Item);
            if (_waiting.Add(queue))
            {
                _fresh.Add(queue);
            }
        }

        while (_finished.TryDequeue(out var done))
        {
            var queue = done.Queue;
            queue.Busy = false;
            if (done.Delivered)
            {
                Interlocked.Add(ref _count, -done.Items.Count);
                (queue.Failures, queue.RetryAt, queue.LastDelivery) = (0, 0, now);
            }
            else
            {
                // Back to the front, before what arrived meanwhile: order per target holds.
                done.Items.AddRange(queue.Items);
                queue.Items = done.Items;
                queue.Failures++;
                var pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(queue.Failures - 1, 8)));
                queue.RetryAt = now + (long)(pause.TotalSeconds * Stopwatch.Frequency);
            }

            if (queue.Items.Count > 0)
            {
                _waiting.Add(queue);
                _fresh.Add(queue);
            }
        }

        while (_removals.TryDequeue(out var removal))
        {
            if (_targets.TryGetValue(removal.Target, out var queue))
            {
                Interlocked.Add(ref _count, -queue.Items.RemoveAll(removal.Match));
            }
        }
    }

    // A delivery for every target ready for one; how long to wait when none is. Between the moments
    // a paced target comes due, only fresh targets are looked at: a round costs what arrived, not
    // how many targets wait.
    private TimeSpan StartDeliveries()
    {
        var now = Stopwatch.GetTimestamp();
        var hurry = Volatile.Read(ref _hurry) > 0;
        // A full look at least once a second, whatever the bookkeeping says.
        var full = now >= _nextDue || hurry != _hurried || now - _lastFull > Stopwatch.Frequency;
        _hurried = hurry;
        _lastFull = full ? now : _lastFull;
        IEnumerable<Target> candidates = full ? _waiting : _fresh;
        var nextDue = full ? long.MaxValue : _nextDue;
        var oldest = full ? 0 : Volatile.Read(ref _oldestSince);
        List<Target>? done = null;
        foreach (var queue in candidates)
        {
            if (queue.Items.Count == 0)
            {
                (done ??= []).Add(queue);
                continue;
            }

            if (queue.Busy)
            {
                continue;
            }

            var notBefore = Math.Max(queue.RetryAt, hurry && queue.Failures == 0 ? 0 : queue.LastDelivery + _pace);
            if (notBefore > now)
            {
                oldest = oldest == 0 ? queue.Since : Math.Min(oldest, queue.Since);
                nextDue = Math.Min(nextDue, notBefore);
                continue;
            }

            var items = queue.Items;
            (queue.Items, queue.Busy) = ([], true);
            (done ??= []).Add(queue);
            _ = DeliverAsync(queue, items);
        }

        _fresh.Clear();
        if (done is not null)
        {
            _waiting.ExceptWith(done);
        }

        _nextDue = nextDue;
        Volatile.Write(ref _oldestSince, oldest);
        var wait = nextDue == long.MaxValue ? TimeSpan.FromSeconds(1) : Stopwatch.GetElapsedTime(now, nextDue);
        return wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }

    private async Task DeliverAsync(Target queue, List<TItem> items)
    {
        var delivered = false;
        try
        {
            await _deliver(queue.Key, items);
            delivered = true;
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Delivering {Count} {Kind} effects to {Target} failed; retrying", items.Count, _kind, queue.Key);
        }

        _finished.Enqueue((queue, items, delivered));
        Signal();
    }

    private sealed class Target(TTarget key)
    {
        public TTarget Key { get; } = key;
        public List<TItem> Items { get; set; } = [];
        public long Since { get; set; }
        public bool Busy { get; set; }
        public int Failures { get; set; }
        public long RetryAt { get; set; }
        public long LastDelivery { get; set; }
    }
}

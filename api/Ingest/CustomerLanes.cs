using System.Collections.Immutable;
using Journey.Domain;
using Journey.Grains;

namespace Journey.Api.Ingest;

/// <summary>An item of a touchpoint stream: either a parsed touchpoint, or an answer decided already.</summary>
public sealed record LaneItem<TAck>(long Sequence, Touchpoint? Touchpoint, TAck? Decided);

/// <summary>
/// Processes a stream of touchpoints with one lane per customer: a customer's items are applied and
/// answered in stream order, consecutive items of one customer go to its grain as one batch (one
/// persisted write), and different customers proceed concurrently. At most <c>inFlightLimit</c> items
/// are held at once; <see cref="EnqueueAsync"/> waits when the limit is reached, which pushes back
/// on the sender through HTTP/2 flow control.
/// </summary>
public sealed class CustomerLanes<TAck>(
    Func<ImmutableArray<Touchpoint>, Task<ImmutableArray<IngestOutcome>>> ingest,
    Func<LaneItem<TAck>, IngestOutcome, TAck> acknowledge,
    Func<LaneItem<TAck>, Exception, TAck> fail,
    Func<TAck, ValueTask> emit,
    int inFlightLimit,
    int batchLimit)
{
    private readonly Dictionary<string, Queue<LaneItem<TAck>>> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _inFlight = new(inFlightLimit, inFlightLimit);

    public async ValueTask EnqueueAsync(string laneKey, LaneItem<TAck> item, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        bool start;
        lock (_gate)
        {
            start = !_lanes.TryGetValue(laneKey, out var queue);
            if (start)
            {
                queue = new Queue<LaneItem<TAck>>();
                _lanes[laneKey] = queue;
            }

            queue!.Enqueue(item);
        }

        if (start)
        {
            _ = Task.Run(() => DrainAsync(laneKey), CancellationToken.None);
        }
    }

    /// <summary>Waits until every enqueued item has been answered.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < inFlightLimit; i++)
        {
            await _inFlight.WaitAsync(cancellationToken);
        }
    }

    private async Task DrainAsync(string laneKey)
    {
        while (true)
        {
            List<LaneItem<TAck>> batch;
            lock (_gate)
            {
                var queue = _lanes[laneKey];
                if (queue.Count == 0)
                {
                    _lanes.Remove(laneKey);
                    return;
                }

                batch = TakeBatch(queue);
            }

            try
            {
                await ProcessAsync(batch);
            }
            catch (Exception)
            {
                // Only answering can fail here (the caller went away); the lane still drains so that
                // every slot is released and CompleteAsync returns.
            }
            finally
            {
                _inFlight.Release(batch.Count);
            }
        }
    }

    // Either a run of touchpoints for the grain, or one already-decided item.
    private List<LaneItem<TAck>> TakeBatch(Queue<LaneItem<TAck>> queue)
    {
        var batch = new List<LaneItem<TAck>> { queue.Dequeue() };
        if (batch[0].Touchpoint is null)
        {
            return batch;
        }

        while (batch.Count < batchLimit && queue.TryPeek(out var next) && next.Touchpoint is not null)
        {
            batch.Add(queue.Dequeue());
        }

        return batch;
    }

    private async Task ProcessAsync(List<LaneItem<TAck>> batch)
    {
        if (batch[0].Touchpoint is null)
        {
            await emit(batch[0].Decided!);
            return;
        }

        ImmutableArray<IngestOutcome> outcomes;
        try
        {
            outcomes = await ingest([.. batch.Select(i => i.Touchpoint!)]);
        }
        catch (Exception exception)
        {
            foreach (var item in batch)
            {
                await emit(fail(item, exception));
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            await emit(acknowledge(batch[i], outcomes[i]));
        }
    }
}

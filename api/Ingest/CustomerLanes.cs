using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Journey.Domain;
using Journey.Abstractions;

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
    IngestGateway gateway,
    Func<LaneItem<TAck>, IngestOutcome, TAck> acknowledge,
    Func<LaneItem<TAck>, Exception, TAck> fail,
    Func<TAck, ValueTask> emit,
    int inFlightLimit,
    int batchLimit)
{
    // A lane exists while one of its customer's items is being processed; what arrives meanwhile waits in it (a list only then).
    private readonly Dictionary<string, List<LaneItem<TAck>>?> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _inFlight = new(inFlightLimit, inFlightLimit);

    public async ValueTask EnqueueAsync(string laneKey, LaneItem<TAck> item, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (_lanes.TryGetValue(laneKey, out var waiting))
            {
                (waiting ?? (_lanes[laneKey] = [])).Add(item);
                return;
            }

            _lanes[laneKey] = null;
        }

        // Started here, not queued: it runs until its first await, then the reader goes on.
        _ = DrainAsync(laneKey, [item]);
    }

    /// <summary>Waits until every enqueued item has been answered.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < inFlightLimit; i++)
        {
            await _inFlight.WaitAsync(cancellationToken);
        }
    }

    // One loop per lane, answering each batch in place: every touchpoint passes here, and this loop is the only async
    // method around its grain call (the gateway's bound is taken and released here).
    private async Task DrainAsync(string laneKey, List<LaneItem<TAck>> batch)
    {
        while (true)
        {
            try
            {
                if (batch[0].Touchpoint is null)
                {
                    await emit(batch[0].Decided!);
                }
                else
                {
                    ImmutableArray<IngestOutcome> outcomes = default;
                    Exception? failure = null;
                    try
                    {
                        if (!gateway.TryEnter() && !await gateway.EnterAsync())
                        {
                            throw new OverloadedException();
                        }

                        try
                        {
                            var touchpoints = Touchpoints(batch);
                            using var span = IngestGateway.Span(touchpoints);
                            outcomes = await gateway.Send(touchpoints);
                        }
                        finally
                        {
                            gateway.Exit();
                        }
                    }
                    catch (Exception exception)
                    {
                        failure = exception;
                    }

                    for (var i = 0; i < batch.Count; i++)
                    {
                        await emit(failure is null ? acknowledge(batch[i], outcomes[i]) : fail(batch[i], failure));
                    }
                }
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

            lock (_gate)
            {
                var waiting = _lanes[laneKey];
                if (waiting is null || waiting.Count == 0)
                {
                    _lanes.Remove(laneKey);
                    return;
                }

                batch = TakeBatch(waiting);
                if (waiting.Count == 0)
                {
                    _lanes[laneKey] = null;
                }
            }
        }
    }

    private static ImmutableArray<Touchpoint> Touchpoints(List<LaneItem<TAck>> batch)
    {
        var touchpoints = new Touchpoint[batch.Count];
        for (var i = 0; i < touchpoints.Length; i++)
        {
            touchpoints[i] = batch[i].Touchpoint!;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(touchpoints);
    }

    // Either a run of touchpoints for the grain, or one already-decided item.
    private List<LaneItem<TAck>> TakeBatch(List<LaneItem<TAck>> waiting)
    {
        var count = 1;
        if (waiting[0].Touchpoint is not null)
        {
            while (count < batchLimit && count < waiting.Count && waiting[count].Touchpoint is not null)
            {
                count++;
            }
        }

        var batch = waiting.GetRange(0, count);
        waiting.RemoveRange(0, count);
        return batch;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>Pushes a workload over gRPC, unary or streaming, keeping each customer's touchpoints in order.</summary>
public static class Ingest
{
    /// <summary>Splits a time-ordered workload into lanes by customer, so each lane keeps its customers' order.</summary>
    public static List<Touchpoint>[] Partition(IReadOnlyList<Touchpoint> workload, int lanes)
    {
        var partitions = Enumerable.Range(0, lanes).Select(_ => new List<Touchpoint>(workload.Count / lanes + 1)).ToArray();
        foreach (var touchpoint in workload)
        {
            partitions[(int)((uint)StringComparer.Ordinal.GetHashCode(touchpoint.CustomerId) % (uint)lanes)].Add(touchpoint);
        }

        return partitions;
    }

    /// <summary><paramref name="callers"/> unary callers, each taking its lane's touchpoints in order.</summary>
    public static async Task<Recorder> UnaryAsync(Recorder recorder, GrpcChannel channel, IReadOnlyList<Touchpoint> workload, int callers, TimeSpan duration, bool restart = true)
    {
        var client = new JourneyService.JourneyServiceClient(channel);
        var lanes = Partition(workload, callers);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (restart)
        {
            recorder.Restart();
        }

        await Task.WhenAll(lanes.Select(lane => Task.Run(async () =>
        {
            foreach (var touchpoint in lane)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    await client.PushAsync(touchpoint);
                    recorder.Success(started);
                }
                catch (RpcException exception)
                {
                    recorder.Failure(LoadRunner.Describe(exception));
                }
            }
        })));
        if (restart)
        {
            recorder.Stop();
        }

        return recorder;
    }

    /// <summary>
    /// <paramref name="streams"/> concurrent PushStream calls, each writing its lane while it reads the
    /// acks; latency is from writing a touchpoint to reading its ack.
    /// </summary>
    /// <param name="rate">Touchpoints a second over all streams, sent on schedule whatever the acks (open loop; latency from the
    /// scheduled moment, so a stall is not hidden by sending less); 0: as fast as the window allows.</param>
    public static async Task<Recorder> StreamAsync(Recorder recorder, GrpcChannel channel, IReadOnlyList<Touchpoint> workload, int streams, TimeSpan duration,
        ConcurrentDictionary<(string Tenant, string Id), bool>? acknowledged = null, int window = int.MaxValue, double rate = 0)
    {
        var client = new JourneyService.JourneyServiceClient(channel);
        var lanes = Partition(workload, streams);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        recorder.Restart();
        await Task.WhenAll(lanes.Select(lane => Task.Run(() => StreamLaneAsync(client, lane, recorder, deadline, acknowledged, rate > 0 ? int.MaxValue : window, rate / streams))));
        recorder.Stop();
        return recorder;
    }

    private static async Task StreamLaneAsync(JourneyService.JourneyServiceClient client, List<Touchpoint> lane, Recorder recorder, long deadline,
        ConcurrentDictionary<(string Tenant, string Id), bool>? acknowledged, int window, double rate)
    {
        // A client that keeps at most `window` touchpoints unanswered, as one that heeds back-pressure does.
        using var outstanding = new SemaphoreSlim(Math.Min(window, lane.Count + 1));
        var written = new long[lane.Count];
        using var call = client.PushStream();
        var reading = Task.Run(async () =>
        {
            var answered = 0;
            await foreach (var ack in call.ResponseStream.ReadAllAsync())
            {
                answered++;
                if (rate <= 0)
                {
                    outstanding.Release();
                }

                if (ack.Status is PushAck.Types.Status.Accepted or PushAck.Types.Status.Duplicate)
                {
                    recorder.Success(written[ack.Sequence]);
                    if (acknowledged is not null)
                    {
                        var touchpoint = lane[(int)ack.Sequence];
                        acknowledged.TryAdd((touchpoint.Tenant, touchpoint.CustomerId), true);
                    }
                }
                else
                {
                    recorder.Failure($"{ack.Status} {ack.Code} {string.Join("; ", ack.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
                }
            }

            return answered;
        });

        var sent = 0;
        var start = Stopwatch.GetTimestamp();
        foreach (var touchpoint in lane)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }

            if (rate > 0)
            {
                var due = start + (long)(sent / rate * Stopwatch.Frequency);
                // No spinning (the silo shares the cores): what is due goes out in bursts a millisecond apart.
                while (Stopwatch.GetTimestamp() < due)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1));
                }

                written[sent++] = due;
            }
            else
            {
                await outstanding.WaitAsync();
                written[sent++] = Stopwatch.GetTimestamp();
            }

            await call.RequestStream.WriteAsync(touchpoint);
        }

        await call.RequestStream.CompleteAsync();
        var answered = await reading;
        for (var missing = answered; missing < sent; missing++)
        {
            recorder.Failure("the stream ended before every touchpoint was answered");
        }
    }
}

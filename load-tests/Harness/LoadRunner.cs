using System.Diagnostics;

namespace Journey.LoadTests.Harness;

/// <summary>Drives requests either closed-loop (N callers, each waits for its answer) or open-loop at a fixed rate.</summary>
public static class LoadRunner
{
    /// <summary>
    /// <paramref name="concurrency"/> callers take request numbers until <paramref name="total"/> or the
    /// time is up. Latency counts from each call's start.
    /// </summary>
    public static async Task<Recorder> ClosedLoopAsync(Recorder recorder, int concurrency, long total, TimeSpan duration, Func<long, Task> call)
    {
        recorder.Restart();
        var next = -1L;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < total && Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(i);
                    recorder.Success(started);
                }
                catch (Exception exception)
                {
                    recorder.Failure(Describe(exception));
                }
            }
        }));
        await Task.WhenAll(callers);
        recorder.Stop();
        return recorder;
    }

    /// <summary>
    /// Starts calls at <paramref name="perSecond"/> whether or not earlier ones have answered, with
    /// latency counted from each call's intended start, so a stall is not hidden (no coordinated omission).
    /// </summary>
    public static async Task<Recorder> OpenLoopAsync(Recorder recorder, double perSecond, TimeSpan duration, Func<long, Task> call, int maxOutstanding = 10_000)
    {
        recorder.Restart();
        var outstanding = new SemaphoreSlim(maxOutstanding, maxOutstanding);
        var start = Stopwatch.GetTimestamp();
        var ticksPerCall = Stopwatch.Frequency / perSecond;
        var total = (long)(perSecond * duration.TotalSeconds);
        var running = new List<Task>();
        for (long i = 0; i < total; i++)
        {
            var intended = start + (long)(i * ticksPerCall);
            var wait = intended - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            }

            await outstanding.WaitAsync();
            var number = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await call(number);
                    recorder.Success(intended);
                }
                catch (Exception exception)
                {
                    recorder.Failure(Describe(exception));
                }
                finally
                {
                    outstanding.Release();
                }
            }));
        }

        await Task.WhenAll(running);
        recorder.Stop();
        return recorder;
    }

    public static string Describe(Exception exception) => exception switch
    {
        Grpc.Core.RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}

using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Hosting;

namespace Journey.Api.Hosting;

/// <summary>
/// Every pause of the garbage collector, read from the runtime's own events (suspension begins →
/// execution restarts) and recorded as the histogram <c>journey.gc.pause</c> (seconds). The runtime's
/// meter exports only the total pause time; the longest single pause is what an ack waits behind.
/// </summary>
public sealed class CollectorPauses : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int SuspendBegin = 9;   // GCSuspendEEBegin_V1
    private const int RestartEnd = 3;     // GCRestartEEEnd_V1

    private static readonly Meter Meter = new("Journey.Runtime", "1.0");

    private static readonly Histogram<double> Pauses = Meter.CreateHistogram(
        "journey.gc.pause", "s", "Each pause of the garbage collector (all threads suspended), from the runtime's GC events.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2] });

    private static int _instances;

    private long _suspendedAtTicks;

    public const string MeterName = "Journey.Runtime";

    /// <summary>
    /// One listener a process (the runtime's events reach every listener, so a second would count each
    /// pause twice); null when one is already listening, as in a test process hosting several silos.
    /// </summary>
    public static CollectorPauses? StartOnce() => Interlocked.Exchange(ref _instances, 1) == 0 ? new CollectorPauses() : null;

    public override void Dispose()
    {
        base.Dispose();
        Interlocked.Exchange(ref _instances, 0);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventId)
        {
            case SuspendBegin:
                Volatile.Write(ref _suspendedAtTicks, eventData.TimeStamp.Ticks);
                break;
            case RestartEnd:
                var began = Interlocked.Exchange(ref _suspendedAtTicks, 0);
                if (began != 0 && eventData.TimeStamp.Ticks >= began)
                {
                    Pauses.Record(TimeSpan.FromTicks(eventData.TimeStamp.Ticks - began).TotalSeconds);
                }

                break;
        }
    }
}

/// <summary>Listens for the collector's pauses while the host runs.</summary>
public sealed class CollectorPausesService : IHostedService
{
    private CollectorPauses? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = CollectorPauses.StartOnce();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        return Task.CompletedTask;
    }
}

using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Hosting;

namespace Journey.Api.Hosting;

/// <summary>
/// Every pause of the garbage collector, read from the runtime's own events (suspension begins →
/// execution restarts) and recorded as the histogram <c>journey.gc.pause</c> (seconds), tagged with the
/// <c>generation</c> the collection in that pause was of (0, 1, 2; <c>none</c> for a suspension without
/// one, such as a background collection's own). The runtime's meter exports only the total pause time;
/// the longest single pause, and which generation made it, is what an ack waits behind.
/// </summary>
public sealed class CollectorPauses : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int SuspendBegin = 9;   // GCSuspendEEBegin_V1
    private const int RestartEnd = 3;     // GCRestartEEEnd_V1
    private const int CollectionStart = 1;  // GCStart_V2: payload Depth is the generation collected
    private const int NoCollection = -1;

    private static readonly KeyValuePair<string, object?>[] Generations =
        [new("generation", "0"), new("generation", "1"), new("generation", "2"), new("generation", "none")];

    private static readonly Meter Meter = new("Journey.Runtime", "1.0");

    private static readonly Histogram<double> Pauses = Meter.CreateHistogram(
        "journey.gc.pause", "s", "Each pause of the garbage collector (all threads suspended), from the runtime's GC events.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2] });

    private static int _instances;

    private long _suspendedAtTicks;
    private int _generation = NoCollection;

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
                Volatile.Write(ref _generation, NoCollection);
                Volatile.Write(ref _suspendedAtTicks, eventData.TimeStamp.Ticks);
                break;
            case CollectionStart when Volatile.Read(ref _suspendedAtTicks) != 0 && eventData.Payload is [_, var depth, ..]:
                Volatile.Write(ref _generation, Convert.ToInt32(depth, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case RestartEnd:
                var began = Interlocked.Exchange(ref _suspendedAtTicks, 0);
                if (began != 0 && eventData.TimeStamp.Ticks >= began)
                {
                    var generation = Interlocked.Exchange(ref _generation, NoCollection);
                    Pauses.Record(TimeSpan.FromTicks(eventData.TimeStamp.Ticks - began).TotalSeconds, Generations[generation is >= 0 and <= 2 ? generation : 3]);
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

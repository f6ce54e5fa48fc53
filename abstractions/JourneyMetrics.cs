using System.Diagnostics.Metrics;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>The engine's own metrics (meter "Journey"), exported at /metrics by the silo.</summary>
public static class JourneyMetrics
{
    public const string MeterName = "Journey";

    /// <summary>Spans: journey.ingest (API) → journey.customer.ingest (grain) → journey.rules.decide.</summary>
    public static readonly System.Diagnostics.ActivitySource Tracing = new(MeterName, "1.0");

    /// <summary>
    /// Spans are recorded only when they can leave the process (OTEL_EXPORTER_OTLP_ENDPOINT): an
    /// always-on sampler or propagation filter with nowhere to send costs a span per grain call for nothing.
    /// </summary>
    public static bool TracesExported { get; } = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Touchpoints = Meter.CreateCounter<long>("journey.touchpoints", "{touchpoint}", "Touchpoints received by the customer grains, by type and outcome (accepted, duplicate, rejected).");
    private static readonly Counter<long> Actions = Meter.CreateCounter<long>("journey.actions", "{action}", "Actions the rules dispatched or suppressed, by kind, channel, status and deciding rule.");
    private static readonly Counter<long> ContactRequests = Meter.CreateCounter<long>("journey.contact_requests", "{request}", "requestContact answers by outcome.");
    private static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>("journey.ingest.duration", "ms", "Time from a touchpoint batch reaching its customer grain to its durable acknowledgement.");
    private static readonly Counter<long> StorageBytes = Meter.CreateCounter<long>("journey.storage.bytes", "By", "Bytes the silo sent to storage, by what was written (a state type, a log append, a snapshot).");
    private static readonly Histogram<long> CommitBatch = Meter.CreateHistogram<long>("journey.commit.batch", "{write}", "Customer writes committed together in one round trip to storage.");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("journey.commit.duration", "ms", "Time one group commit took in storage.");
    private static readonly UpDownCounter<long> Residents = Meter.CreateUpDownCounter<long>("journey.customers.resident", "{customer}", "Customer grains active in this silo.");
    private static readonly Counter<long> PolicyFiles = Meter.CreateCounter<long>("journey.policy.files", "{file}", "Policy files read from Journey:Policies, by outcome (changed, unchanged, invalid, unreadable).");
    private static readonly Counter<long> Recoveries = Meter.CreateCounter<long>("journey.effects.recovered", "{customer}", "Customers asked to offer their effects again because a marker outlived the silo that set it.");
    private static readonly UpDownCounter<long> Watches = Meter.CreateUpDownCounter<long>("journey.watches", "{watch}", "Open customer watches (gRPC WatchCustomer).");

    public static void Touchpoint(TouchpointType type, IngestStatus outcome) =>
        Touchpoints.Add(1, new("type", type.ToString()), new("outcome", outcome switch
        {
            IngestStatus.Accepted => "accepted",
            IngestStatus.Duplicate => "duplicate",
            _ => "rejected",
        }));

    public static void Action(OutboundAction action) =>
        Actions.Add(1, new("kind", action.Kind.ToString()), new("channel", action.Channel.ToString()), new("status", action.Status.ToString()),
            new("rule", action.Reasons.LastOrDefault() ?? "none"));

    public static void ContactRequest(ContactOutcome outcome) => ContactRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public static void Ingested(TimeSpan duration) => IngestDuration.Record(duration.TotalMilliseconds);

    public static void Stored(string what, long bytes) => StorageBytes.Add(bytes, new KeyValuePair<string, object?>("what", what));

    public static void Committed(string store, int writes, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("store", store);
        CommitBatch.Record(writes, tag);
        CommitDuration.Record(duration.TotalMilliseconds, tag);
    }

    private static readonly List<Func<IEnumerable<(string Kind, int Count, TimeSpan OldestAge)>>> EffectBacklogs = [];

    static JourneyMetrics()
    {
        Meter.CreateObservableGauge("journey.effects.backlog", () => Backlogs().Select(b => new Measurement<long>(b.Count, new KeyValuePair<string, object?>("kind", b.Kind))),
            "{effect}", "Effects of acknowledged steps (wake-ups, outbox, directory, segments, statistics) not yet delivered.");
        Meter.CreateObservableGauge("journey.commit.pending", () => PendingWrites().Select(p => new Measurement<long>(p.Count, new KeyValuePair<string, object?>("store", p.Store))),
            "{write}", "Customer writes handed to a group committer and not yet answered by storage.");
        Meter.CreateObservableGauge("journey.effects.oldest_age", () => Backlogs().Select(b => new Measurement<double>(b.OldestAge.TotalSeconds, new KeyValuePair<string, object?>("kind", b.Kind))),
            "s", "Age of the oldest effect not yet delivered.");
    }

    private static readonly List<Func<(string Store, int Count)>> Committers = [];

    /// <summary>A group committer reports its pending writes here while it runs; disposing the registration stops it.</summary>
    public static IDisposable ObservePendingWrites(Func<(string Store, int Count)> pending)
    {
        lock (Committers)
        {
            Committers.Add(pending);
        }

        return new Registration(() =>
        {
            lock (Committers)
            {
                Committers.Remove(pending);
            }
        });
    }

    private static List<(string Store, long Count)> PendingWrites()
    {
        lock (Committers)
        {
            return [.. Committers.Select(c => c()).GroupBy(c => c.Store).Select(g => (g.Key, (long)g.Sum(c => c.Count)))];
        }
    }

    private sealed class Registration(System.Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    /// <summary>A silo's effect dispatcher reports its backlog here.</summary>
    public static void ObserveEffects(Func<IEnumerable<(string Kind, int Count, TimeSpan OldestAge)>> backlog)
    {
        lock (EffectBacklogs)
        {
            EffectBacklogs.Add(backlog);
        }
    }

    private static List<(string Kind, int Count, TimeSpan OldestAge)> Backlogs()
    {
        lock (EffectBacklogs)
        {
            return [.. EffectBacklogs.SelectMany(b => b()).GroupBy(b => b.Kind).Select(g => (g.Key, g.Sum(b => b.Count), g.Max(b => b.OldestAge)))];
        }
    }

    public static void CustomerActivated() => Residents.Add(1);

    public static void CustomerDeactivated() => Residents.Add(-1);

    public static void PolicyFileRead(string outcome) => PolicyFiles.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void EffectsRecovered(int customers) => Recoveries.Add(customers);

    public static void WatchOpened() => Watches.Add(1);

    public static void WatchClosed() => Watches.Add(-1);
}

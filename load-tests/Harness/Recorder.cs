using System.Diagnostics;
using HdrHistogram;

namespace Journey.LoadTests.Harness;

/// <summary>Latencies (HdrHistogram, in stopwatch ticks), successes and failures of one measurement; thread-safe.</summary>
public sealed class Recorder
{
    private readonly LongConcurrentHistogram _latency = new(1, TimeStamp.Minutes(5), 3);
    private long _failures;
    private long _successes;
    private long _started = Stopwatch.GetTimestamp();
    private long _stopped;
    private string? _firstFailure;

    public long Successes => Interlocked.Read(ref _successes);

    public long Failures => Interlocked.Read(ref _failures);

    public void Restart() => _started = Stopwatch.GetTimestamp();

    /// <summary>Records a success whose latency counts from <paramref name="startedAt"/> (a stopwatch timestamp).</summary>
    public void Success(long startedAt)
    {
        _latency.RecordValue(Math.Max(1, Stopwatch.GetTimestamp() - startedAt));
        Interlocked.Increment(ref _successes);
    }

    /// <summary>Counts successes that carry no latency of their own (items fired by one clock advance).</summary>
    public void AddSuccesses(long count) => Interlocked.Add(ref _successes, count);

    public void Failure(string what)
    {
        if (Interlocked.Increment(ref _failures) == 1)
        {
            _firstFailure = what;
        }
    }

    public void Stop() => _stopped = Stopwatch.GetTimestamp();

    public Measurement ToMeasurement(string name, string unit = "requests", string? baseline = null, string? note = null)
    {
        var end = _stopped == 0 ? Stopwatch.GetTimestamp() : _stopped;
        var seconds = Stopwatch.GetElapsedTime(_started, end).TotalSeconds;
        var histogram = _latency.Copy();
        double Ms(double percentile) => histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return new Measurement(
            name,
            unit,
            Successes,
            Failures,
            seconds,
            seconds > 0 ? Successes / seconds : 0,
            histogram.TotalCount == 0 ? null : new Percentiles(Ms(50), Ms(90), Ms(99), Ms(99.9), histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency),
            baseline,
            note,
            _firstFailure);
    }
}

public sealed record Percentiles(double P50, double P90, double P99, double P999, double Max);

/// <summary>One row of the results: what was measured, how often it worked, how fast, and against which baseline.</summary>
public sealed record Measurement(
    string Name,
    string Unit,
    long Count,
    long Failures,
    double Seconds,
    double PerSecond,
    Percentiles? LatencyMs,
    string? Baseline,
    string? Note,
    string? FirstFailure)
{
    /// <summary>For a measurement that is a quantity rather than a rate (bytes per customer).</summary>
    public double? Value { get; init; }

    /// <summary>This result divided by its baseline's, in the terms of <see cref="RatioOf"/>.</summary>
    public double? Ratio { get; init; }

    public string? RatioOf { get; init; }

    public string? ValueUnit { get; init; }

    public double? Target { get; init; }

    /// <summary>What the target bounds: "per second ≥", "p99 ms ≤" or "bytes ≤".</summary>
    public string? TargetKind { get; init; }

    /// <summary>This result with its ratio to <paramref name="baseline"/>: throughput, or p99 latency when <paramref name="byLatency"/>.</summary>
    public Measurement ComparedTo(Measurement baseline, bool byLatency = false) => this with
    {
        Baseline = baseline.Name,
        Ratio = byLatency
            ? (LatencyMs?.P99 is { } mine && baseline.LatencyMs?.P99 is { } theirs && theirs > 0 ? mine / theirs : null)
            : (baseline.PerSecond > 0 ? PerSecond / baseline.PerSecond : null),
        RatioOf = byLatency ? "p99 latency" : "throughput",
    };

    public bool? TargetMet => (Target, TargetKind) switch
    {
        (null, _) => null,
        ({ } t, "per second ≥") => PerSecond >= t,
        ({ } t, "p99 ms ≤") => LatencyMs is { } l && l.P99 <= t,
        ({ } t, "bytes ≤") => Value <= t,
        ({ } t, "seconds ≤") => Value <= t,
        _ => null,
    };
}

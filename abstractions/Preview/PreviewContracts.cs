using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

/// <summary>How policy previews run: how many threads of this silo replay at once, over all previews together (the rest of the machine stays with live work), how many customers are fetched together, how many case differences are kept.</summary>
public sealed class PreviewOptions
{
    public const string Section = "Journey:Preview";

    public int Workers { get; set; } = 1;

    /// <summary>The fraction of a worker's time previews may use; the rest of the time the worker pauses, so live work keeps most of the machine.</summary>
    public double Share { get; set; } = 0.25;

    public int BatchSize { get; set; } = 256;

    public int MaxDifferences { get; set; } = 10_000;

    /// <summary>How long a finished preview's answer stays readable.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>What is wrong with these settings, naming the key; null when nothing is.</summary>
    public string? Problem() =>
        Workers < 1 ? $"{Section}:{nameof(Workers)} must be at least 1"
        : Share is not (> 0 and <= 1) ? $"{Section}:{nameof(Share)} must be a fraction in (0, 1]"
        : BatchSize < 1 ? $"{Section}:{nameof(BatchSize)} must be at least 1"
        : MaxDifferences < 0 ? $"{Section}:{nameof(MaxDifferences)} must not be negative"
        : KeepFor <= TimeSpan.Zero ? $"{Section}:{nameof(KeepFor)} must be positive"
        : null;
}

[GenerateSerializer, Alias("journey.PreviewStatus")]
public enum PreviewStatus
{
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED,
}

[GenerateSerializer, Immutable, Alias("journey.PreviewRequest")]
public sealed record PreviewRequest(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Document,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To,
    [property: Id(4)] double? Sample);

/// <summary>What a run did within the window, summed over the customers replayed.</summary>
[GenerateSerializer, Immutable, Alias("journey.PreviewTotals")]
public sealed record PreviewTotals(
    [property: Id(0)] long Contacts,
    [property: Id(1)] ImmutableDictionary<string, long> ContactsByKindAndChannel,
    [property: Id(2)] ImmutableDictionary<string, long> CasesReaching,
    [property: Id(3)] long Handovers,
    [property: Id(4)] long DeferredByQuietHours,
    [property: Id(5)] long DeferredByBudget,
    [property: Id(6)] long HoldsHonoured,
    [property: Id(7)] long Suppressed,
    [property: Id(8)] long CaseContacts = 0)
{
    public static PreviewTotals Of(PreviewTally tally) => new(
        tally.Contacts,
        tally.ContactsByKindAndChannel.ToImmutableDictionary(StringComparer.Ordinal),
        tally.CasesReaching.ToImmutableDictionary(c => c.Key.ToString(), c => c.Value, StringComparer.Ordinal),
        tally.Handovers,
        tally.DeferredByQuietHours,
        tally.DeferredByBudget,
        tally.HoldsHonoured,
        tally.Suppressed,
        tally.CaseContacts);
}

/// <summary>A preview's progress and, as it goes, its answer: totals under the current policy and the draft, and case differences (the first <see cref="PreviewOptions.MaxDifferences"/>, by customer id).</summary>
[GenerateSerializer, Immutable, Alias("journey.PreviewReport")]
public sealed record PreviewReport(
    [property: Id(0)] string Id,
    [property: Id(1)] PreviewRequest Request,
    [property: Id(2)] PreviewStatus Status,
    [property: Id(3)] int CurrentPolicyVersion,
    [property: Id(4)] long CustomersListed,
    [property: Id(5)] long CustomersReplayed,
    [property: Id(6)] long TouchpointsReplayed,
    [property: Id(7)] PreviewTotals Current,
    [property: Id(8)] PreviewTotals Draft,
    [property: Id(9)] long CasesChanged,
    [property: Id(10)] ImmutableArray<CaseDifference> Differences,
    [property: Id(11)] DateTimeOffset StartedAt,
    [property: Id(12)] DateTimeOffset? FinishedAt,
    [property: Id(13)] string? Error);

/// <summary>
/// One preview of a draft policy (key "{tenant}/{id}"): replays the tenant's recorded history under
/// the current policy and the draft in the background and answers how far it got and what it found.
/// It reads customers' histories and never changes them; its answer lives in memory for a while.
/// </summary>
[Alias("journey.IPolicyPreviewGrain")]
public interface IPolicyPreviewGrain : IGrainWithStringKey
{
    /// <summary>Starts the preview (idempotent for the same id); the draft must already be valid.</summary>
    [Alias("Start")]
    Task<PreviewReport> Start(PreviewRequest request);

    [Alias("Report"), Orleans.Concurrency.AlwaysInterleave]
    Task<PreviewReport?> Report();

    [Alias("Cancel"), Orleans.Concurrency.AlwaysInterleave]
    Task<PreviewReport?> Cancel();
}

public static class PolicyPreviews
{
    public static string Key(string tenant, string id) => $"{tenant}/{id}";
}

/// <summary>
/// The silo's preview work, shared by every preview running on it: at most
/// <see cref="PreviewOptions.Workers"/> batches at once, and each holds its slot for a pause after its
/// work so that previews together use at most <see cref="PreviewOptions.Share"/> of those slots' time.
/// </summary>
public sealed class PreviewWorkers(Microsoft.Extensions.Options.IOptions<PreviewOptions> options)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.Workers));

    /// <summary>Runs <paramref name="work"/> in a slot, hands its result to <paramref name="completed"/> (in the caller's context), then pauses before freeing the slot.</summary>
    public async Task RunAsync<T>(Func<Task<T>> work, Action<T> completed, CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            completed(await work());
            var share = Math.Clamp(options.Value.Share, 0.01, 1.0);
            if (share < 1.0)
            {
                await Task.Delay(System.Diagnostics.Stopwatch.GetElapsedTime(started) * ((1 - share) / share), cancellation);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}

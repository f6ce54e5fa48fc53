using System.Collections.Immutable;
using System.Diagnostics;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Replay;
using Journey.Grains.Directory;
using Journey.Grains.Policies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Journey.Grains.Preview;

/// <summary>
/// Walks the tenant's customer directory, fetches each customer's recorded history (archive
/// included) a batch at a time, and replays it through the pure core under both policies, one batch at
/// a time per slot of the silo's <see cref="PreviewWorkers"/> (shared by all previews, paced to a share
/// of the machine). Memory stays bounded: one batch of
/// histories, the running totals, and at most <see cref="PreviewOptions.MaxDifferences"/> case
/// differences (the count of changed cases is always exact).
/// </summary>
[Reentrant]
public sealed class PolicyPreviewGrain(
    PolicyCatalog policies,
    JourneySettings settings,
    BusinessClock clock,
    IOptions<PreviewOptions> options,
    PreviewWorkers workers,
    ILogger<PolicyPreviewGrain> logger) : Grain, IPolicyPreviewGrain
{
    private readonly PreviewTally _current = new();
    private readonly PreviewTally _draft = new();
    private readonly List<CaseDifference> _differences = [];
    private CancellationTokenSource? _cancel;
    private PreviewRequest? _request;
    private PreviewStatus _status;
    private int _currentVersion;
    private long _listed;
    private long _replayed;
    private long _touchpoints;
    private long _casesChanged;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _finishedAt;
    private string? _error;

    public async Task<PreviewReport> Start(PreviewRequest request)
    {
        if (_request is null)
        {
            var draft = PolicyParser.Parse(request.Tenant, request.Document).Policy
                ?? throw new ArgumentException("the draft policy is not valid", nameof(request));

            // Claimed before the first await: a second Start for the same id (this grain is reentrant) only reads.
            (_request, _status, _startedAt) = (request, PreviewStatus.RUNNING, clock.Now);
            _cancel = new CancellationTokenSource();
            var current = await policies.GetEffectiveAsync(request.Tenant);
            _currentVersion = current.Version;

            // A preview is work, not data: keep the activation (and its answer) while it runs and for a while after.
            DelayDeactivation(TimeSpan.FromDays(1));
            _ = RunAsync(request, current, draft with { Version = current.Version + 1 }, _cancel.Token);
        }

        return Snapshot();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _cancel?.Cancel();
        return Task.CompletedTask;
    }

    public Task<PreviewReport?> Report() => Task.FromResult(_request is null ? null : Snapshot());

    public Task<PreviewReport?> Cancel()
    {
        _cancel?.Cancel();
        return Report();
    }

    private async Task RunAsync(PreviewRequest request, Policy current, Policy draft, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var window = new PreviewWindow(request.From, request.To);
        try
        {
            foreach (var shardKey in CustomerDirectory.AllShardKeys(request.Tenant))
            {
                var directory = GrainFactory.GetGrain<ICustomerDirectoryGrain>(shardKey);
                string? after = null;
                while (true)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var page = await directory.Page(after, options.Value.BatchSize);
                    if (page.IsEmpty)
                    {
                        break;
                    }

                    after = page[^1];
                    var chosen = page.Where(id => InSample(request, id)).ToList();
                    _listed += chosen.Count;
                    await workers.RunAsync(
                        async () =>
                        {
                            var histories = await Task.WhenAll(chosen.Select(id => GrainFactory.Customer(request.Tenant, id).History()));

                            // The replay itself runs off the grain's scheduler, on a thread-pool thread.
                            var replayed = await Task.Run(() => chosen.Select((id, i) => PolicyPreview.Run(request.Tenant, id, histories[i], current, draft, window, settings)).ToArray(), cancellation);
                            return (Previews: replayed, Touchpoints: histories.Sum(h => (long)h.Length));
                        },
                        batch => Merge(batch.Previews, batch.Touchpoints),
                        cancellation);
                }
            }

            _status = PreviewStatus.COMPLETED;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _status = PreviewStatus.CANCELLED;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Preview {Preview} failed", this.GetPrimaryKeyString());
            (_status, _error) = (PreviewStatus.FAILED, exception.Message);
        }

        _finishedAt = clock.Now;
        logger.LogInformation("Preview {Preview} {Status}: {Customers} customers, {Touchpoints} touchpoints in {Elapsed}", this.GetPrimaryKeyString(), _status, _replayed, _touchpoints, Stopwatch.GetElapsedTime(started));
        DelayDeactivation(options.Value.KeepFor);
    }

    private void Merge(IEnumerable<CustomerPreview> previews, long touchpoints)
    {
        foreach (var preview in previews)
        {
            _current.Add(preview.Current);
            _draft.Add(preview.Draft);
            _casesChanged += preview.Differences.Length;
            foreach (var difference in preview.Differences)
            {
                if (_differences.Count < options.Value.MaxDifferences)
                {
                    _differences.Add(difference);
                }
            }

            _replayed++;
        }

        _touchpoints += touchpoints;
    }

    private static bool InSample(PreviewRequest request, string customerId) =>
        request.Sample is not { } fraction || fraction >= 1 || Journey.Domain.StableHash.Bucket($"{request.Tenant}/{customerId}", 10_000) < fraction * 10_000;

    private PreviewReport Snapshot() => new(
        this.GetPrimaryKeyString(),
        _request!,
        _status,
        _currentVersion,
        _listed,
        _replayed,
        _touchpoints,
        PreviewTotals.Of(_current),
        PreviewTotals.Of(_draft),
        _casesChanged,
        [.. _differences.OrderBy(d => d.CustomerId, StringComparer.Ordinal).ThenBy(d => d.CaseId, StringComparer.Ordinal)],
        _startedAt,
        _finishedAt,
        _error);
}

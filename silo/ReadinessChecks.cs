using Journey.Api.Hosting;
using Journey.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Journey.Silo;

/// <summary>The cluster as this silo sees it: it must itself be active, and it reports how many silos are.</summary>
public sealed class ClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var self = snapshot.GetSiloStatus(silo.SiloAddress);
        var data = new Dictionary<string, object> { ["activeSilos"] = active, ["status"] = self.ToString() };
        return Task.FromResult(self == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{active} active silo(s)", data)
            : HealthCheckResult.Unhealthy($"this silo is {self}", data: data));
    }
}

/// <summary>Grain storage answers a write within a few seconds. Checked at most every few seconds, however often readiness is asked.</summary>
public sealed class StorageHealthCheck(IGrainFactory grains, ILocalSiloDetails silo) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && DateTimeOffset.UtcNow - last.At < Reuse)
            {
                return last.Result;
            }

            HealthCheckResult result;
            try
            {
                await grains.GetGrain<IHealthProbeGrain>(silo.SiloAddress.ToParsableString()).Probe().WaitAsync(Timeout, cancellationToken);
                result = HealthCheckResult.Healthy("grain storage answers");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy("grain storage does not answer", exception);
            }

            _last = (DateTimeOffset.UtcNow, result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>With Azure Table clustering: the membership table answers within a few seconds (checked at most every few seconds).</summary>
public sealed class AzureTableHealthCheck(JourneyOptions options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(5);
    private readonly Azure.Data.Tables.TableClient _members = options.AzureTableService!.GetTableClient(options.AzureTablePrefix + "members");
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && DateTimeOffset.UtcNow - last.At < Reuse)
        {
            return last.Result;
        }

        HealthCheckResult result;
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(Timeout);
            await using var page = _members.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: attempt.Token).AsPages().GetAsyncEnumerator(attempt.Token);
            await page.MoveNextAsync();
            result = HealthCheckResult.Healthy("the membership table answers");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy("the membership table does not answer", exception);
        }

        _last = (DateTimeOffset.UtcNow, result);
        return result;
    }
}

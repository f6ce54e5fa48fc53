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

using Journey.Domain;
using Journey.Abstractions;
using Journey.Abstractions.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Journey.Api.Hosting;

/// <summary>
/// Journey:Role=Api: GraphQL, gRPC and /metrics in a process apart from the silos, an Orleans client
/// that reaches the cluster's gateways through the same clustering settings the silos use. It holds
/// no customer and loads no grain implementation: it can be scaled and restarted on its own.
/// </summary>
public static class JourneyApiHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        return Build(builder, JourneyOptions.Load(builder.Configuration), configure);
    }

    /// <summary>The API host on a builder whose configuration says Journey:Role=Api.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, JourneyOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        if (options.Role != HostRole.Api)
        {
            throw new JourneyConfigurationException($"{JourneyOptions.Section}:Role '{options.Role}' is a silo's: this host serves only Role=Api (start the silo for All or Silo)");
        }

        builder.Services.AddValidated(JourneyOptions.Section, JourneyOptions.Validator);
        builder.AddJourneyAuthentication(options);
        builder.ListenJourney(options, grpc: true);
        builder.Services.AddSingleton(BusinessClock.System());
        builder.Services.AddSingleton(builder.Configuration.GetSection("Journey:State").Get<JourneySettings>() ?? JourneySettings.Default);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            switch (options.Clustering)
            {
                case ClusteringProfile.Redis:
                    client.UseRedisClustering(o => o.ConfigurationOptions = options.RedisConfiguration!.Clone());
                    break;
                case ClusteringProfile.AzureTable:
                    client.UseAzureStorageClustering(o =>
                    {
                        o.TableServiceClient = options.AzureTableService!;
                        o.TableName = options.AzureTablePrefix + "members";
                    });
                    break;
                default:
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    break;
            }

            if (options.TraceGrainCalls ?? JourneyMetrics.TracesExported)
            {
                client.AddActivityPropagation();
            }

            client.Services.AddSerializer(serializer => serializer.AddJourneySerialization());
            client.Services.AddSingleton<IClientConnectionRetryFilter, KeepConnecting>();
        });

        // Kestrel answers (live, not ready) while the client is still looking for a gateway.
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);

        builder.Services.AddSingleton<PolicyCatalog>();
        builder.Services.AddSingleton<IClockControl, SystemClockOnly>();
        builder.Services.AddSingleton<IAcknowledgedEffects, NothingLocal>();
        builder.Services.AddHealthChecks().AddCheck<ClusterReachable>("cluster", tags: ["ready"]);
        builder.Services.AddJourneyApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapJourneyApi();
        app.MapJourneyOperations();
        return app;
    }

    /// <summary>Ready while a gateway answers and the cluster has an active silo.</summary>
    private sealed class ClusterReachable(IClusterClient cluster) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(TimeSpan.FromSeconds(3));
                var silos = await cluster.GetGrain<IManagementGrain>(0).GetHosts(true, bounded.Token);
                return silos.Count > 0
                    ? HealthCheckResult.Healthy($"{silos.Count} active silo(s) reachable")
                    : HealthCheckResult.Unhealthy("the cluster has no active silo");
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"the cluster does not answer: {exception.Message}");
            }
        }
    }

    /// <summary>No silo yet (or none reachable): try again, until the host is stopped.</summary>
    private sealed class KeepConnecting : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        }
    }

    private sealed class SystemClockOnly : IClockControl
    {
        public Task<DateTimeOffset> AdvanceToAsync(DateTimeOffset to, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the business clock is the system clock; a simulated clock is advanced in the silo that owns it (Journey:Role=All)");
    }

    /// <summary>Nothing is acknowledged in this process, so there is nothing of its own to wait for.</summary>
    private sealed class NothingLocal : IAcknowledgedEffects
    {
        public Task DrainAsync(TimeSpan timeout) => Task.CompletedTask;
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Hosting;

namespace Journey.Tests.Infrastructure;

/// <summary>The public API as a test reaches it: a silo host serving it, or an API host in front of silos.</summary>
public interface IJourneyEndpoints
{
    int HttpPort { get; }

    HttpClient Http { get; }

    GrpcChannel Grpc { get; }

    /// <summary>Deactivates every grain activation of the cluster, so the next call reads state back from storage.</summary>
    Task DeactivateAllAsync();

    Task<JsonObject> GraphQLAsync(string query, object? variables = null) => GraphQLRequests.PostAsync(Http, query, variables);

    Task<JsonNode> GraphQLDataAsync(string query, object? variables = null) => GraphQLRequests.DataAsync(Http, query, variables);
}

/// <summary>GraphQL over HTTP POST as the tests send it, whichever host serves it.</summary>
public static class GraphQLRequests
{
    /// <summary>Posts a GraphQL request and returns the whole response document.</summary>
    public static async Task<JsonObject> PostAsync(HttpClient http, string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"not JSON: {body}");
    }

    /// <summary>Posts a GraphQL request that must succeed and returns its <c>data</c>.</summary>
    public static async Task<JsonNode> DataAsync(HttpClient http, string query, object? variables = null)
    {
        var result = await PostAsync(http, query, variables);
        Assert.True(result["errors"] is null, $"GraphQL errors: {result["errors"]?.ToJsonString()}");
        return result["data"]!;
    }
}

/// <summary>
/// Journey:Role=Api in front of two silo processes (Journey:Role=Silo), on Redis clustering and storage
/// with the system clock: the API tier apart from the silos, as a deployment scales it. The same test
/// bodies that run against a silo host run against it (an empty policy folder, as there).
/// </summary>
public sealed class ApiHostClusterFixture : IAsyncLifetime, IJourneyEndpoints
{
    private RedisServer? _redis;
    private SiloProcess? _first;
    private SiloProcess? _second;
    private SiloProcess? _api;
    private string _clusterId = "";

    public int HttpPort => _api!.HttpPort;

    public HttpClient Http { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var policies = Directory.CreateTempSubdirectory("journey-policies-").FullName;
        _clusterId = $"apis-{Guid.NewGuid():N}"[..24];
        string[] cluster = ["--Journey:Outbox=", "--Journey:Clustering=Redis", $"--Journey:Redis={_redis.ConnectionString}", $"--Journey:ClusterId={_clusterId}"];
        string[] silo = [.. cluster, "--Journey:Storage=Redis", "--Journey:Role=Silo", $"--Journey:Policies={policies}"];
        (_first, _second) = (SiloProcess.Create(silo), SiloProcess.Create(silo));
        await Task.WhenAll(_first.StartAsync(), _second.StartAsync());
        await Until.TrueAsync(async () => await _first.ActiveSilosAsync() == 2, TimeSpan.FromSeconds(60), "two silos did not form one cluster");

        // As the silo host's fixture: a socket that never says connection_init is closed after 1.5 s.
        _api = SiloProcess.CreateApiHost([.. cluster, "--Journey:Api:ConnectionInitTimeout=00:00:01.500"]);
        _api.Launch();
        await _api.ReadyAsync(TimeSpan.FromSeconds(60));
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_api.HttpPort}") };
        Grpc = GrpcChannel.ForAddress($"http://127.0.0.1:{_api.GrpcPort}");
    }

    /// <summary>Through a cluster client of the test's own (the API host is another process).</summary>
    public async Task DeactivateAllAsync()
    {
        using var client = new HostBuilder().UseOrleansClient(orleans =>
        {
            orleans.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, new Journey.Api.Hosting.JourneyOptions().ServiceId));
            orleans.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(_redis!.ConnectionString));
        }).Build();
        await client.StartAsync();
        await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await client.StopAsync();
    }

    public async Task DisposeAsync()
    {
        Grpc?.Dispose();
        Http?.Dispose();
        foreach (var process in new[] { _api, _second, _first })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiHostClusterCollection : ICollectionFixture<ApiHostClusterFixture>
{
    public const string Name = "API host in front of two silos";
}

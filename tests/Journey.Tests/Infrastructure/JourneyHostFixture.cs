using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Journey.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// A real Journey silo host (Kestrel, Orleans, gRPC, GraphQL) on free loopback ports, the way
/// <c>dotnet run --project silo</c> starts it, with extra configuration per fixture.
/// </summary>
public class JourneyHostFixture : IAsyncLifetime, IJourneyEndpoints
{
    private WebApplication? _app;

    public int HttpPort { get; private set; }
    public int GrpcPort { get; private set; }
    public HttpClient Http { get; private set; } = null!;
    public GrpcChannel Grpc { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    /// <summary>An empty policy folder by default, so tests see only the policies they set themselves.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [$"--Journey:Policies={EmptyPolicyFolder}"];

    protected static string EmptyPolicyFolder { get; } = Directory.CreateTempSubdirectory("journey-policies-").FullName;

    private string[] _arguments = [];

    public virtual async Task InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        (HttpPort, GrpcPort) = (ports[0], ports[1]);
        _arguments =
        [
            $"--Journey:HttpPort={ports[0]}",
            "--Journey:Outbox=",
            $"--Journey:GrpcPort={ports[1]}",
            $"--Journey:SiloPort={ports[2]}",
            $"--Journey:GatewayPort={ports[3]}",
            $"--Journey:ClusterId=test-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            "--Journey:Api:ConnectionInitTimeout=00:00:01.500",
            "--Journey:TraceGrainCalls=true",
            .. ExtraArguments,
        ];
        await StartHostAsync();
    }

    public virtual async Task DisposeAsync() => await StopHostAsync();

    /// <summary>Stops the host and starts a new one on the same ports and storage: every activation is new.</summary>
    public async Task RestartAsync()
    {
        await StopHostAsync();
        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        _app = JourneyApp.Build(_arguments);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        Grpc = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        await ReadinessProbe.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(30));
    }

    private async Task StopHostAsync()
    {
        Grpc?.Dispose();
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public Task<JsonObject> GraphQLAsync(string query, object? variables = null) => GraphQLRequests.PostAsync(Http, query, variables);

    public Task<JsonNode> GraphQLDataAsync(string query, object? variables = null) => GraphQLRequests.DataAsync(Http, query, variables);

    /// <summary>Deactivates every grain activation, so the next call reads state back from storage.</summary>
    public Task DeactivateAllAsync() =>
        Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}

[CollectionDefinition(Name)]
public sealed class JourneyHostCollection : ICollectionFixture<JourneyHostFixture>
{
    public const string Name = "journey host";
}

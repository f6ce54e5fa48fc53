using Grpc.Net.Client;
using Journey.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.LoadTests.Harness;

/// <summary>A Journey silo started in this process on free loopback ports, as <c>dotnet run --project silo</c> would run it.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSilo(WebApplication app, int httpPort, int grpcPort)
    {
        _app = app;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Grpc = Loopback.Channel(grpcPort);
    }

    public HttpClient Http { get; }

    public GrpcChannel Grpc { get; }

    public IServiceProvider Services => _app.Services;

    public static StorageStatistics Statistics { get; } = new();

    public static async Task<InProcessSilo> StartAsync(IEnumerable<string> settings)
    {
        var (http, grpc) = (Loopback.FreePort(), Loopback.FreePort());
        string[] arguments =
        [
            $"--Journey:HttpPort={http}",
            "--Journey:Outbox=",
            $"--Journey:GrpcPort={grpc}",
            $"--Journey:SiloPort={Loopback.FreePort()}",
            $"--Journey:GatewayPort={Loopback.FreePort()}",
            $"--Journey:ClusterId=load-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans=Error",
            .. settings,
        ];
        var app = JourneyApp.Build(arguments, builder =>
        {
            var serializer = builder.Services.Last(d => d.ServiceType == typeof(Orleans.Storage.IGrainStorageSerializer));
            builder.Services.Remove(serializer);
            builder.Services.AddSingleton<Orleans.Storage.IGrainStorageSerializer>(services =>
                new CountingStorageSerializer((Orleans.Storage.IGrainStorageSerializer)(serializer.ImplementationInstance ?? serializer.ImplementationFactory?.Invoke(services)
                    ?? ActivatorUtilities.CreateInstance(services, serializer.ImplementationType!)), Statistics));
        });
        await app.StartAsync();
        var silo = new InProcessSilo(app, http, grpc);
        await ReadinessProbe.WaitUntilReadyAsync(silo.Http, TimeSpan.FromSeconds(60));
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        Grpc.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Journey.LoadTests.Harness;

/// <summary>
/// The gRPC baseline: the Journey service contract answered without doing anything — the same
/// messages, transport and connections, no grain, no rules, no storage. With <c>grainCalls</c> it is
/// the floor of the design instead: each touchpoint makes the one grain call the engine makes (to a
/// grain per customer that does nothing, in a silo hosted in the same process) before it is answered.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
        Grpc = Loopback.Channel(port);
    }

    public GrpcChannel Grpc { get; }

    public int Port { get; }

    public static async Task<EchoServer> StartAsync(int port = 0, bool grainCalls = false)
    {
        port = port == 0 ? Loopback.FreePort() : port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (grainCalls)
        {
            builder.UseOrleans(silo => silo.UseLocalhostClustering(Loopback.FreePort(), Loopback.FreePort()));
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        if (grainCalls)
        {
            app.MapGrpcService<GrainCallService>();
        }
        else
        {
            app.MapGrpcService<EchoService>();
        }

        await app.StartAsync();
        return new EchoServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        Grpc.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EchoService : JourneyService.JourneyServiceBase
    {
        public override Task<PushReceipt> Push(Touchpoint request, ServerCallContext context) =>
            Task.FromResult(new PushReceipt { EventId = request.EventId, Version = 1 });

        public override async Task PushStream(IAsyncStreamReader<Touchpoint> requestStream, IServerStreamWriter<PushAck> responseStream, ServerCallContext context)
        {
            // Acks are coalesced as the engine's are: a reader hands them to a writer that flushes once per batch it finds waiting.
            var acks = Journey.Api.Rpc.AckWriter.Queue<PushAck>(2048);
            var writing = Journey.Api.Rpc.AckWriter.WriteAllAsync(acks.Reader, responseStream, context.CancellationToken);
            long sequence = 0;
            await foreach (var touchpoint in requestStream.ReadAllAsync(context.CancellationToken))
            {
                await acks.Writer.WriteAsync(new PushAck { Sequence = sequence++, EventId = touchpoint.EventId, Version = 1, Status = PushAck.Types.Status.Accepted }, context.CancellationToken);
            }

            acks.Writer.Complete();
            await writing;
        }

        public override Task<ContactDecision> RequestContact(ContactRequest request, ServerCallContext context) =>
            Task.FromResult(new ContactDecision { Outcome = ContactOutcome.Allowed, ActionId = request.CustomerId + "/a1" });
    }

    /// <summary>The contract answered after one call to a do-nothing grain of the touchpoint's customer.</summary>
    private sealed class GrainCallService(IGrainFactory grains) : JourneyService.JourneyServiceBase
    {
        public override async Task<PushReceipt> Push(Touchpoint request, ServerCallContext context) =>
            new() { EventId = request.EventId, Version = await grains.GetGrain<IPingGrain>(request.CustomerId).Ping(1) };

        public override async Task PushStream(IAsyncStreamReader<Touchpoint> requestStream, IServerStreamWriter<PushAck> responseStream, ServerCallContext context)
        {
            var acks = Journey.Api.Rpc.AckWriter.Queue<PushAck>(2048);
            var writing = Journey.Api.Rpc.AckWriter.WriteAllAsync(acks.Reader, responseStream, context.CancellationToken);
            var calls = new List<Task>();
            long sequence = 0;
            await foreach (var touchpoint in requestStream.ReadAllAsync(context.CancellationToken))
            {
                calls.Add(CallAndAck(touchpoint, sequence++));
                if (calls.Count >= 4096)
                {
                    calls.RemoveAll(c => c.IsCompleted);
                }
            }

            await Task.WhenAll(calls);
            acks.Writer.Complete();
            await writing;

            async Task CallAndAck(Touchpoint touchpoint, long number)
            {
                var version = await grains.GetGrain<IPingGrain>(touchpoint.CustomerId).Ping(1);
                await acks.Writer.WriteAsync(new PushAck { Sequence = number, EventId = touchpoint.EventId, Version = version, Status = PushAck.Types.Status.Accepted }, context.CancellationToken);
            }
        }
    }
}

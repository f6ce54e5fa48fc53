using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journey.Tests.Durability;

/// <summary>
/// Two silo processes on Redis. A customer's touchpoint is decided on the silo that holds it, and its
/// write waits in that silo's group committer (Redis briefly frozen keeps the commits before it in
/// flight); then that silo is frozen (SIGSTOP) until the cluster declares it dead, and the customer
/// takes a touchpoint on the other silo (a new activation there, from storage). When the frozen silo
/// resumes, its queued write comes from a stale activation: it is refused (the fence it presents is
/// the one it read), the touchpoint is not acknowledged, and the state holds exactly the acknowledged
/// touchpoints with a version that counts them.
/// </summary>
[Collection(SiloKillCollection.Name)]
public class FrozenSiloTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stale_activation_on_a_resumed_silo_cannot_overwrite_the_newer_write()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = $"frozen-{Guid.NewGuid():N}"[..24];
        string[] settings = ["--Journey:Storage=Redis", "--Journey:Clustering=Redis", $"--Journey:Redis={redis.ConnectionString}", $"--Journey:ClusterId={clusterId}"];
        await using var frozen = SiloProcess.Create(settings);
        await using var other = SiloProcess.Create(settings);
        await Task.WhenAll(frozen.StartAsync(), other.StartAsync());
        await Until.TrueAsync(async () => await other.ActiveSilosAsync() == 2, TimeSpan.FromSeconds(60), "two silos did not form one cluster");

        using var frozenChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{frozen.GrpcPort}");
        using var otherChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{other.GrpcPort}");
        var toFrozen = new JourneyService.JourneyServiceClient(frozenChannel);
        var toOther = new JourneyService.JourneyServiceClient(otherChannel);

        // Customers whose activations live on the silo that will be frozen: its resident count rises with each one's first touchpoint.
        var hosted = new List<string>();
        for (var attempt = 0; attempt < 60 && hosted.Count < 3; attempt++)
        {
            var candidate = Sample.NewId("frozen");
            var (onFrozen, onOther) = (await frozen.ResidentCustomersAsync() ?? 0, await other.ResidentCustomersAsync() ?? 0);
            var first = await toFrozen.PushAsync(Sample.Pushed(candidate, "first", TouchpointType.WebVisit, Journey.Api.V1.Channel.Web));
            Assert.Equal(1, first.Version);

            // The scrape is cached for a moment: wait until one of the two counts shows the new activation.
            await Until.TrueAsync(async () => (await frozen.ResidentCustomersAsync() ?? 0) + (await other.ResidentCustomersAsync() ?? 0) > onFrozen + onOther,
                TimeSpan.FromSeconds(10), "neither silo reported the new activation");
            if ((await frozen.ResidentCustomersAsync() ?? 0) > onFrozen)
            {
                hosted.Add(candidate);
            }
        }

        Assert.Equal(3, hosted.Count);
        var customer = hosted[2];

        // Redis frozen: the frozen-to-be silo's two commits in flight wait on it, so the customer's append
        // after them is decided but still queued inside that silo when the silo itself is frozen.
        await redis.SignalAsync("STOP");
        var blocking = new List<Task<PushReceipt>>();
        Task<PushReceipt> late;
        try
        {
            // One at a time, each seen waiting in the committer: the first two fill the commits in flight, the third queues behind them.
            foreach (var (pushed, index) in hosted.Take(2).Select((c, i) => (c, i)))
            {
                blocking.Add(toFrozen.PushAsync(Sample.Pushed(pushed, "blocking", TouchpointType.WebVisit, Journey.Api.V1.Channel.Web), deadline: DateTime.UtcNow.AddSeconds(120)).ResponseAsync);
                await Until.TrueAsync(async () => await frozen.PendingWritesAsync() >= index + 1, TimeSpan.FromSeconds(20), "a write did not reach the group committer");
            }

            late = toFrozen.PushAsync(Sample.Pushed(customer, "late", TouchpointType.AppOpened, Journey.Api.V1.Channel.App), deadline: DateTime.UtcNow.AddSeconds(120)).ResponseAsync;
            await Until.TrueAsync(async () => await frozen.PendingWritesAsync() >= 3, TimeSpan.FromSeconds(20), "the customer's write did not reach the group committer");
            await frozen.SignalAsync("STOP");
        }
        finally
        {
            await redis.SignalAsync("CONT");
        }

        PushReceipt? lateReceipt = null;
        RpcException? refused = null;
        try
        {
            await Until.TrueAsync(async () => await other.ActiveSilosAsync() == 1, TimeSpan.FromSeconds(120), "the frozen silo was not declared dead");

            // The customer is activated anew on the live silo, from storage, and written there.
            var newer = await toOther.PushAsync(Sample.Pushed(customer, "newer", TouchpointType.WebVisit, Journey.Api.V1.Channel.Web), deadline: DateTime.UtcNow.AddSeconds(60));
            Assert.Equal(2, newer.Version);
        }
        finally
        {
            await frozen.SignalAsync("CONT");
        }

        try
        {
            lateReceipt = await late;
        }
        catch (RpcException exception)
        {
            refused = exception;
        }

        output.WriteLine(lateReceipt is not null
            ? $"the late touchpoint was acknowledged (version {lateReceipt.Version})"
            : $"the late touchpoint was refused: {refused!.Status.StatusCode} {refused.Status.Detail}");

        // Not acknowledged: the silo's own call timed out across the freeze, or the write was refused.
        Assert.Null(lateReceipt);
        Assert.Equal(StatusCode.Unavailable, refused!.StatusCode);

        // The stale activation's queued write presented the fence it read before the other silo wrote: refused.
        await Until.TrueAsync(() => Task.FromResult(frozen.Output.Contains("another activation wrote since this one read", StringComparison.Ordinal) || !frozen.Running),
            TimeSpan.FromSeconds(30), "the resumed silo neither refused the stale write nor stopped");
        output.WriteLine(frozen.Output[^Math.Min(3000, frozen.Output.Length)..]);
        Assert.Contains($"The write of webshop/{customer} was refused", frozen.Output, StringComparison.Ordinal);

        // Storage holds the live activation's write: its next write finds its own fence, so nothing overwrote it.
        var after = await toOther.PushAsync(Sample.Pushed(customer, "after", TouchpointType.WebVisit, Journey.Api.V1.Channel.Web), deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.Equal(3, after.Version);

        var state = await toOther.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        string[] acknowledged = [$"{customer}-first", $"{customer}-newer", $"{customer}-after"];
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), state.Timeline.Select(t => t.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(acknowledged.Length, state.Version);
    }
}

using Journey.Tests.Infrastructure;

namespace Journey.Tests.Durability;

/// <summary>A Journey host on Redis grain storage (redis-server started by the fixture, AOF on).</summary>
public sealed class RedisStorageFixture : JourneyHostFixture, IDurableStorage
{
    public RedisServer Redis { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArguments => [.. base.ExtraArguments, "--Journey:Storage=Redis", $"--Journey:Redis={Redis.ConnectionString}"];

    public override async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }

    public Task StopStorageAsync() => Redis.KillAsync();

    public Task StartStorageAsync() => Redis.StartProcessAsync();
}

/// <summary>A Journey host on the official Azure Blob grain storage and Azure Table clustering, against Azurite started by the fixture (no Redis).</summary>
public sealed class AzureBlobStorageFixture : JourneyHostFixture, IDurableStorage
{
    public AzuriteServer Azurite { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArguments => [.. base.ExtraArguments, "--Journey:Storage=AzureBlob", "--Journey:Clustering=AzureTable", $"--Journey:AzureStorage={Azurite.ConnectionString}"];

    public override async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    // Azurite keeps its metadata in memory and saves it on a clean stop: a SIGKILL can lose recent
    // writes, which says nothing about Azure Storage. The outage here is a clean stop.
    public Task StopStorageAsync() => Azurite.StopAsync();

    public Task StartStorageAsync() => Azurite.StartProcessAsync();
}

public interface IDurableStorage
{
    Task StopStorageAsync();

    Task StartStorageAsync();
}

using Journey.Domain;
using Journey.Grains;
using Journey.Silo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Journey.Tests.Infrastructure;

/// <summary>A two-silo Orleans test cluster with Journey's grain services and a small timeline bound.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly JourneySettings Settings = new() { TimelineBound = 6, ArchiveChunk = 3, ArchivedDedupeWindow = 100 };

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ClusterId = $"test-{Guid.NewGuid():N}";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public Task DeactivateAllAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddJourneyGrainServices();
            siloBuilder.AddOutgoingGrainCallFilter<AckPathCalls>();
            siloBuilder.AddIncomingGrainCallFilter<CustomerGrainCalls>();
            siloBuilder.AddMemoryGrainStorage(StorageNames.Journey);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton(Settings);
            siloBuilder.Services.AddSingleton(BusinessClock.System());
            siloBuilder.Services.AddSingleton<Journey.Grains.Storage.ICustomerStore>(sp =>
                new Journey.Storage.MemoryCustomerStore(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.ClusterOptions>>().Value));
            siloBuilder.Services.AddJourneyGrainDependencies();

            // Previews crawl here (two customers a batch, long pauses), so a test can watch and cancel one in flight.
            siloBuilder.Services.Configure<Journey.Abstractions.Preview.PreviewOptions>(preview => (preview.BatchSize, preview.Share) = (2, 0.05));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddSerializer(serializer => serializer.AddJourneySerialization());
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "two-silo cluster";
}

using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Preview;
using Orleans.Configuration;
using Orleans.Dashboard;
using Journey.Api.Security;
using Journey.Api.Hosting;
using Journey.Storage;
using Orleans.Configuration.Overrides;
using Orleans.Serialization;
using Journey.Grains.Storage;
using Journey.Connectors;

namespace Journey.Silo;

public static class JourneyHostExtensions
{
    /// <summary>Kestrel endpoints, the Orleans silo, the business clock and the operations endpoints' services.</summary>
    public static WebApplicationBuilder AddJourneySilo(this WebApplicationBuilder builder, JourneyOptions options)
    {
        builder.Services.AddValidated(JourneyOptions.Section, JourneyOptions.Validator);
        builder.AddJourneyAuthentication(options);

        builder.ListenJourney(options, grpc: options.Role == HostRole.All);
        if (options.Storage == StorageProfile.AzureBlob)
        {
            _ = options.AzureBlobService();
        }

        builder.Services.AddSingleton(options.SimulatedClock
            ? BusinessClock.Simulated(options.SimulatedStartInstant ?? DateTimeOffset.UtcNow)
            : BusinessClock.System());
        builder.Services.AddSingleton(builder.Configuration.GetSection("Journey:State").Get<JourneySettings>() ?? JourneySettings.Default);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (options.TraceGrainCalls ?? JourneyMetrics.TracesExported)
            {
                silo.AddActivityPropagation();
            }

            silo.AddJourneyClustering(options);
            silo.AddJourneyStorage(options);
            silo.AddJourneyQueue(options);
            silo.AddJourneyGrainServices();
            silo.AddJourneyDashboard();
        });

        builder.Services.AddJourneyGrainDependencies();
        builder.Services.AddValidatedOptions<PreviewOptions>(builder.Configuration, PreviewOptions.Section, preview => OptionsBinding.One(preview.Problem()));
        builder.Services.AddHostedService<PolicyFolderLoader>();
        builder.Services.AddHostedService<TemplateFolderLoader>();
        builder.AddEmbeddedConnectors(options);

        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        builder.Services.AddSingleton<StorageHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadiness>("silo", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        if (options.Clustering == ClusteringProfile.AzureTable)
        {
            builder.Services.AddSingleton<AzureTableHealthCheck>();
            builder.Services.AddHealthChecks().AddCheck<AzureTableHealthCheck>("membership-table", tags: ["ready"]);
        }

        return builder;
    }

    /// <summary>
    /// The embedded default (<c>Journey:Outbox</c>, on unless set empty; role All only): the connectors run in this process,
    /// against this silo's own gRPC port, and write every message under the outbox folder instead of sending it — e-mails as
    /// .eml, letters as PDF — so that one command shows a message. Tenants: <c>Connectors:Tenants</c>, else those with a policy
    /// file. A real deployment runs connectors/ apart and sets <c>Journey:Outbox=</c>.
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedConnectors(this WebApplicationBuilder builder, JourneyOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Outbox) || options.Role != HostRole.All)
        {
            return builder;
        }

        var outbox = Path.GetFullPath(options.Outbox);
        var policyTenants = PolicyFolderLoader.Resolve(options.Policies, builder.Environment.ContentRootPath) is { } folder
            ? Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(t => t != Journey.Abstractions.Policies.PolicyTenants.Default && TouchpointParser.IsValidTenant(t))
            : [];
        var auth = builder.Configuration.GetSection(JourneyAuthOptions.Section).Get<JourneyAuthOptions>() ?? new JourneyAuthOptions();
        builder.Services.AddJourneyConnectors(connectors =>
        {
            connectors.Outbox = outbox;
            connectors.Grpc = $"http://{options.BindAddress}:{options.GrpcPort}";
            connectors.State = Path.Combine(outbox, ".state");
            if (connectors.TenantList().Count == 0)
            {
                connectors.Tenants = string.Join(',', policyTenants.Order(StringComparer.Ordinal));
            }

            // With tokens checked, the embedded connectors carry one of their own (ingest and read, their tenants only),
            // signed with this silo's key, unless one is configured.
            if (auth.Enabled && connectors.Token is null && auth.SigningKey is { Length: >= 32 })
            {
                connectors.Token = DevTokens.Mint(auth, connectors.TenantList(), ["ingest", "read"], TimeSpan.FromDays(365), "embedded-connectors");
            }
        });
        return builder;
    }

    /// <summary>Serialization every Journey silo needs, test clusters included.</summary>
    public static ISiloBuilder AddJourneyGrainServices(this ISiloBuilder silo)
    {
        silo.UseSystemTextJsonGrainStorageSerializer();
        var serializer = silo.Services.Last(d => d.ServiceType == typeof(Orleans.Storage.IGrainStorageSerializer));
        silo.Services.Remove(serializer);
        silo.Services.AddSingleton<Orleans.Storage.IGrainStorageSerializer>(services => new MeteredStorageSerializer(
            (Orleans.Storage.IGrainStorageSerializer)(serializer.ImplementationInstance ?? serializer.ImplementationFactory?.Invoke(services)
                ?? ActivatorUtilities.CreateInstance(services, serializer.ImplementationType!))));
        silo.Services.AddSerializer(serializer => serializer.AddJourneySerialization());
        return silo;
    }

    /// <summary>Journey:Clustering: Localhost (one silo, in-memory reminders), Redis or AzureTable (membership and reminders there).</summary>
    public static ISiloBuilder AddJourneyClustering(this ISiloBuilder silo, JourneyOptions options)
    {
        if (options.Clustering == ClusteringProfile.AzureTable)
        {
            silo.UseAzureStorageClustering(o =>
            {
                o.TableServiceClient = options.AzureTableService!;
                o.TableName = options.AzureTablePrefix + "members";
            });
            silo.UseAzureTableReminderService(o =>
            {
                o.TableServiceClient = options.AzureTableService!;
                o.TableName = options.AzureTablePrefix + "reminders";
            });
            silo.ConfigureEndpoints(options.BindIPAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }
        else if (options.Clustering == ClusteringProfile.Redis)
        {
            var redis = options.RedisConfiguration!;
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
            silo.ConfigureEndpoints(options.BindIPAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
            silo.UseInMemoryReminderService();
        }

        return silo;
    }

    /// <summary>Journey:Storage: where every grain state lives, and where customers keep their log and snapshots.</summary>
    public static ISiloBuilder AddJourneyStorage(this ISiloBuilder silo, JourneyOptions options)
    {
        var store = silo.Services.AddValidatedOptions<CustomerStoreOptions>(silo.Configuration, CustomerStoreOptions.Section, o => OptionsBinding.One(o.Problem()));
        silo.Services.AddValidatedOptions<Journey.Grains.Effects.EffectOptions>(silo.Configuration, Journey.Grains.Effects.EffectOptions.Section, o => OptionsBinding.One(o.Problem()));
        silo.Services.AddSingleton<ICustomerStore>(services =>
        {
            var wholeState = new WholeStates(services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(StorageNames.Journey));
            return options.Storage switch
            {
                StorageProfile.Redis => new RedisCustomerStore(StackExchange.Redis.ConnectionMultiplexer.Connect(options.RedisConfiguration!.Clone()),
                    services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.ServiceId, wholeState, store.MaxBatch, store.MaxInFlight, store.SnapshotEvery),
                StorageProfile.AzureBlob => new AzureCustomerStore(wholeState, options.AzureTableService!.GetTableClient(options.AzureTablePrefix + "effects"),
                    options.AzureTableService!.GetTableClient(options.AzureTablePrefix + "indexes"), TimeProvider.System),
                _ => new MemoryCustomerStore(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value, store.SnapshotEvery),
            };
        });

        switch (options.Storage)
        {
            case StorageProfile.Redis:
                var redis = options.RedisConfiguration!;
                silo.AddRedisGrainStorage(StorageNames.Journey, o =>
                {
                    o.ConfigurationOptions = redis.Clone();
                    o.DeleteStateOnClear = true;
                });
                break;
            case StorageProfile.AzureBlob:
                // The official provider, with the silo's System.Text.Json grain-state serializer; blobs named {state}-{grain id}.json.
                silo.AddAzureBlobGrainStorage(StorageNames.Journey, o =>
                {
                    o.BlobServiceClient = options.AzureBlobService()!;
                    o.ContainerName = options.AzureContainerName;
                });
                break;
            default:
                silo.AddMemoryGrainStorage(StorageNames.Journey);
                break;
        }

        return silo;
    }

    /// <summary>
    /// A client for the Azure Storage account's blobs. An account that does not answer, or keeps
    /// throttling, fails a call within about 10 s (three tries of 2 s with short pauses), not after the
    /// SDK's 100 s default: nothing is acknowledged, and the client retries.
    /// </summary>
    public static Azure.Storage.Blobs.BlobServiceClient? AzureBlobService(this JourneyOptions options) => options.AzureClient(connection =>
    {
        var client = new Azure.Storage.Blobs.BlobClientOptions();
        JourneyOptions.ConfigureRetry(client.Retry);
        return new Azure.Storage.Blobs.BlobServiceClient(connection, client);
    });

    /// <summary>What every host serves operators (health, metrics behind the operator role), and the silo's dashboard.</summary>
    public static WebApplication MapJourneySiloOperations(this WebApplication app)
    {
        app.MapJourneyOperations();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }
}

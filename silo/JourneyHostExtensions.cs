using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Preview;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orleans.Configuration;
using Orleans.Dashboard;
using Journey.Api.Security;
using Journey.Storage;
using Orleans.Configuration.Overrides;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Orleans.Serialization;
using Journey.Grains.Storage;

namespace Journey.Silo;

public static class JourneyHostExtensions
{
    /// <summary>Kestrel endpoints, the Orleans silo, the business clock and the operations endpoints' services.</summary>
    public static WebApplicationBuilder AddJourneySilo(this WebApplicationBuilder builder)
    {
        var options = JourneyOptions.Load(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.AddJourneyAuthentication(options);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.BindIPAddress, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);

            // gRPC over cleartext needs an HTTP/2-only endpoint: without TLS there is no protocol negotiation.
            if (options.HostRole == HostRole.All)
            {
                kestrel.Listen(options.BindIPAddress, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });

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
            silo.AddJourneyGrainServices();
            silo.AddDashboard();
        });

        builder.Services.AddJourneyGrainDependencies();
        var preview = builder.Configuration.GetSection(PreviewOptions.Section).Get<PreviewOptions>() ?? new PreviewOptions();
        if (preview.Problem() is { } problem)
        {
            throw new JourneyConfigurationException(problem);
        }

        builder.Services.AddOptions<PreviewOptions>().BindConfiguration(PreviewOptions.Section);
        builder.Services.AddHostedService<PolicyFolderLoader>();

        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        builder.Services.AddSingleton<StorageHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadiness>("silo", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        if (options.ClusteringProfile == ClusteringProfile.AzureTable)
        {
            builder.Services.AddSingleton<AzureTableHealthCheck>();
            builder.Services.AddHealthChecks().AddCheck<AzureTableHealthCheck>("membership-table", tags: ["ready"]);
        }

        return builder;
    }

    /// <summary>Journey:Auth. Required for any address but loopback; on loopback the silo may run open for development.</summary>
    public static WebApplicationBuilder AddJourneyAuthentication(this WebApplicationBuilder builder, JourneyOptions options)
    {
        var auth = builder.Configuration.GetSection(JourneyAuthOptions.Section).Get<JourneyAuthOptions>() ?? new JourneyAuthOptions();
        if (!auth.Enabled)
        {
            if (!System.Net.IPAddress.IsLoopback(options.BindIPAddress))
            {
                throw new JourneyConfigurationException(
                    $"Journey:Auth:Enabled must be true to listen on {options.BindAddress}: without authentication Journey only binds to a loopback address");
            }

            return builder;
        }

        if (auth.SigningKey is not { Length: >= 32 })
        {
            throw new JourneyConfigurationException("Journey:Auth:SigningKey must be at least 32 characters when Journey:Auth:Enabled is true");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = auth.ValidationParameters();
        });
        builder.Services.AddAuthorization();
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
        if (options.ClusteringProfile == ClusteringProfile.AzureTable)
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
        else if (options.ClusteringProfile == ClusteringProfile.Redis)
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
        var store = silo.Configuration.GetSection(CustomerStoreOptions.Section).Get<CustomerStoreOptions>() ?? new CustomerStoreOptions();
        if (store.Problem() is { } problem)
        {
            throw new JourneyConfigurationException(problem);
        }

        silo.Services.AddSingleton(store);
        var effects = silo.Configuration.GetSection(Journey.Grains.Effects.EffectOptions.Section).Get<Journey.Grains.Effects.EffectOptions>() ?? new Journey.Grains.Effects.EffectOptions();
        if (effects.Problem() is { } effectProblem)
        {
            throw new JourneyConfigurationException(effectProblem);
        }

        silo.Services.AddSingleton(effects);
        silo.Services.AddSingleton<ICustomerStore>(services =>
        {
            var wholeState = new GrainStorageCustomerStore(services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(StorageNames.Journey));
            return options.StorageProfile switch
            {
                StorageProfile.Redis => new RedisCustomerStore(StackExchange.Redis.ConnectionMultiplexer.Connect(options.RedisConfiguration!.Clone()),
                    services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.ServiceId, wholeState, store.MaxBatch, store.MaxInFlight),
                StorageProfile.AzureBlob => new AzureCustomerStore(wholeState, options.AzureTableService!.GetTableClient(options.AzureTablePrefix + "effects")),
                _ => new MemoryCustomerStore(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value),
            };
        });

        switch (options.StorageProfile)
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
                    o.BlobServiceClient = options.AzureBlobService!;
                    o.ContainerName = options.AzureContainerName;
                });
                break;
            default:
                silo.AddMemoryGrainStorage(StorageNames.Journey);
                break;
        }

        return silo;
    }

    public static WebApplication MapJourneyOperations(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<TenantAccess>();
        if (access.Enabled)
        {
            app.UseAuthentication();

            // The dashboard and metrics are for operators.
            app.Use(async (http, next) =>
            {
                if (http.Request.Path.StartsWithSegments("/dashboard") || http.Request.Path.StartsWithSegments("/metrics"))
                {
                    var (verdict, _) = access.Check(http.User, null, Permission.Operate);
                    if (verdict != AccessVerdict.Allowed)
                    {
                        http.Response.StatusCode = verdict == AccessVerdict.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                        return;
                    }
                }

                await next(http);
            });
        }

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseRateLimiter();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }
}

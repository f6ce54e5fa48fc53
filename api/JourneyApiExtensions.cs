using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Validation.Complexity;
using Journey.Api.GraphQL;
using Journey.Api.Ingest;
using Journey.Api.Reading;
using Journey.Api.Rpc;
using Journey.Api.Security;
using Journey.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.AspNetCore.Builder;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Journey.Api;

public static class JourneyApiExtensions
{
    private const string GraphQLLimit = "graphql";

    /// <summary>The CORS policy of /graphql: the origins in Journey:Api:CorsOrigins, none by default.</summary>
    public const string CrossOrigin = "journey-front-ends";

    /// <summary>gRPC and GraphQL services, and the adapters they share.</summary>
    public static IServiceCollection AddJourneyApi(this IServiceCollection services)
    {
        services.AddOptions<JourneyApiOptions>().BindConfiguration("Journey:Api")
            .Validate(api => api.WorklistLease > TimeSpan.Zero, "Journey:Api:WorklistLease must be longer than zero")
            .Validate(api => api.CorsProblem() is null, "Journey:Api:CorsOrigins names something that is not an origin (scheme://host[:port], no path)")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<JourneyApiOptions>>((cors, api) =>
            cors.AddPolicy(CrossOrigin, policy => policy.WithOrigins(api.Value.CorsOrigins).WithMethods("GET", "POST").AllowAnyHeader()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JourneyApiOptions>>().Value);
        services.AddOptions<JourneyAuthOptions>().BindConfiguration(JourneyAuthOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JourneyAuthOptions>>().Value);
        services.AddSingleton<TenantAccess>();
        services.AddSingleton<IngestGateway>();
        services.AddSingleton<JourneyReader>();
        services.AddSingleton<PolicyPreviewService>();
        services.AddSingleton<CustomerWatchFactory>();
        services.AddSingleton<Application.JourneyFeeds>();
        services.AddSingleton<Application.AuditLog>();
        services.AddSingleton<Application.UseCasePipeline>();
        services.AddSingleton<Application.UseCases.IngestTouchpoints>();
        services.AddSingleton<Application.CustomerReadModel>();
        Application.UseCasePipeline.AddHandlers(services);
        services.AddSingleton<Application.JourneyMessages>();
        Hosting.OptionsBinding.AddValidated(services, Application.PaymentOptions.Section, new Hosting.ProblemsValidator<Application.PaymentOptions>(p => p.Problems()));
        services.TryAddSingleton(TimeProvider.System);

        // Error details (google.rpc.BadRequest) must be known to render them as JSON.
        services.AddGrpc().AddJsonTranscoding(json => json.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks();
        services.AddHostedService<Hosting.CollectorPausesService>();
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(JourneyMetrics.MeterName)
                .AddMeter(Hosting.CollectorPauses.MeterName)
                .AddMeter("System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                if (JourneyMetrics.TracesExported)
                {
                    tracing.AddSource(JourneyMetrics.MeterName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application").AddAspNetCoreInstrumentation();
                    tracing.AddOtlpExporter();
                }
            });
        services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<JourneyApiOptions>((grpc, api) =>
            {
                grpc.MaxReceiveMessageSize = api.MaxMessageBytes;
                grpc.EnableDetailedErrors = false;
            });

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(GraphQLLimit, http => RateLimitPartition.GetConcurrencyLimiter("graphql", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<JourneyApiOptions>().GraphQLConcurrencyLimit,
                QueueLimit = 0,
            }));
        });

        services.AddGraphQL(builder => builder
            .AddSchema<JourneySchema>()
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(JourneySchema).Assembly)
            .AddErrorInfoProvider<JourneyErrorInfoProvider>()
            .ConfigureExecution<ParsedDocumentCache>()
            .AddComplexityAnalyzer((complexity, provider) =>
            {
                var api = provider.GetRequiredService<JourneyApiOptions>();
                complexity.MaxDepth = api.MaxQueryDepth;
                complexity.MaxComplexity = api.MaxQueryComplexity;

                // Introspection (GraphiQL and code generators ask for the whole schema) costs nothing here:
                // it reads the schema, not customers. Everything else is weighed as GraphQL.NET does by default.
                var standard = complexity.DefaultComplexityImpactDelegate;
                complexity.DefaultComplexityImpactDelegate = field =>
                    field.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal) || field.ParentType.Name.StartsWith("__", StringComparison.Ordinal)
                        ? new FieldComplexityResult(0, 0)
                        : standard(field);
            }));
        return services;
    }

    /// <summary>Only /metrics: for a silo that serves no public API.</summary>
    public static IEndpointRouteBuilder MapJourneyMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }

    public static IEndpointRouteBuilder MapJourneyApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<JourneyGrpcService>();
        endpoints.MapGet("/graphiql/{file}", (HttpContext http, string file) => GraphiQLPage.WriteAsync(http, file));

        // The desk: agents' and credit managers' page, a client of the public GraphQL API only.
        endpoints.MapGet("/desk", (HttpContext http) => GraphiQLPage.WriteEmbeddedAsync(http, "desk", "index.html"));
        endpoints.MapGet("/desk/{file}", (HttpContext http, string file) => GraphiQLPage.WriteEmbeddedAsync(http, "desk", file));
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapPost("/payments/{tenant}/callback", Application.PaymentCallbackEndpoint.HandleAsync);
        endpoints.MapPost("/graphql", GraphQLEndpoint.HandleAsync).RequireRateLimiting(GraphQLLimit).RequireCors(CrossOrigin);
        endpoints.MapGet("/graphql", async (HttpContext http, IDocumentExecuter<JourneySchema> executer, IGraphQLTextSerializer serializer, JourneyApiOptions options) =>
        {
            if (http.WebSockets.IsWebSocketRequest)
            {
                await GraphQLWebSocket.HandleAsync(http, executer, serializer, options);
            }
            else if (GraphiQLPage.WantsPage(http.Request))
            {
                await GraphiQLPage.WritePageAsync(http);
            }
            else
            {
                http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                await http.Response.WriteAsync("POST a GraphQL request, or open a WebSocket with the graphql-transport-ws subprotocol");
            }
        });
        return endpoints;
    }
}

using Microsoft.Extensions.Configuration;
using System.Globalization;
using System.Net;

namespace Journey.Api.Hosting;

public enum StorageProfile
{
    Memory,
    Redis,
    AzureBlob,
}

/// <summary>Journey:Role: what this process serves.</summary>
public enum HostRole
{
    /// <summary>A silo and the public API (GraphQL, gRPC).</summary>
    All,

    /// <summary>A silo without the public API: the HTTP port serves the dashboard, health and metrics only, and no gRPC port is opened.</summary>
    Silo,

    /// <summary>An API host apart from the silos: an Orleans client serving GraphQL, gRPC and its own metrics, ready while it reaches the cluster.</summary>
    Api,
}

/// <summary>Journey:Queue:Provider: where touchpoints may also come from besides the APIs.</summary>
public enum QueueProvider
{
    None,

    /// <summary>Azure Queue storage on Journey:AzureStorage, through Orleans persistent streams.</summary>
    AzureQueue,
}

/// <summary>Journey:Queue: touchpoints from a durable queue (docs/ingest.md).</summary>
public sealed class QueueSettings
{
    public QueueProvider Provider { get; set; } = QueueProvider.None;

    /// <summary>Queues <c>journey-touchpoints-0</c> … <c>journey-touchpoints-{Count-1}</c>; the silos' pulling agents share them.</summary>
    public int Count { get; set; } = 8;

    /// <summary>How long a message read by a silo stays invisible to others; a silo that dies holding it gives it back after this.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

public enum ClusteringProfile
{
    Localhost,
    Redis,
    AzureTable,
}

/// <summary>The <c>Journey:*</c> configuration keys (the README's configuration table); overridable as Journey__HttpPort=… or --Journey:HttpPort=….</summary>
public sealed class JourneyOptions
{
    public const string Section = "Journey";

    public int HttpPort { get; set; } = 5080;
    public int GrpcPort { get; set; } = 5081;
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "journey-dev";
    public string ServiceId { get; set; } = "journey";
    public StorageProfile Storage { get; set; } = StorageProfile.Memory;
    public ClusteringProfile Clustering { get; set; } = ClusteringProfile.Localhost;
    public string? Redis { get; set; }

    /// <summary>The Azure Storage connection string for blob storage, table clustering and reminders.</summary>
    public string? AzureStorage { get; set; }

    /// <summary>The earlier name of <see cref="AzureStorage"/>, still read when that is not set.</summary>
    public string? AzureBlob { get; set; }

    /// <summary>The blob container for grain state; by default named after the service id. Deployments of the earlier provider used <c>grainstate</c>.</summary>
    public string? AzureContainer { get; set; }

    /// <summary><see cref="AzureStorage"/>, or its earlier name.</summary>
    public string? AzureConnectionString => string.IsNullOrWhiteSpace(AzureStorage) ? AzureBlob : AzureStorage;

    /// <summary>
    /// Azure names per service, so services sharing an account never share state: the blob container
    /// (lowercase letters, digits and hyphens) and the prefix of the membership and reminder tables
    /// (letters and digits).
    /// </summary>
    public string AzureContainerName => !string.IsNullOrWhiteSpace(AzureContainer) ? AzureContainer : new string([.. ServiceId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-').PadRight(3, '0');

    public string AzureTablePrefix => new string([.. ServiceId.Where(char.IsAsciiLetterOrDigit)]) is { Length: > 0 } name && char.IsAsciiLetter(name[0]) ? name : "journey" + ServiceId.Length;

    // The key a bad Azure connection string came from, as the operator wrote it.
    private string AzureKey => string.IsNullOrWhiteSpace(AzureStorage) ? nameof(AzureBlob) : nameof(AzureStorage);
    public ClockSetting Clock { get; set; } = ClockSetting.System;

    public HostRole Role { get; set; } = HostRole.All;
    public string? SimulatedStart { get; set; }
    public string Policies { get; set; } = "policies";

    public QueueSettings Queue { get; set; } = new();

    /// <summary>Folder of message-template documents (one per tenant) loaded at start and watched.</summary>
    public string Templates { get; set; } = "templates";

    /// <summary>
    /// Where the embedded connectors write each message (e-mails as .eml, letters as PDF, SMS and webhooks as
    /// JSON) when the engine runs alone; empty turns them off. A real deployment runs connectors/ apart.
    /// </summary>
    public string? Outbox { get; set; } = "outbox";
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Carry traces across grain calls (Orleans' activity propagation filters on every call). By
    /// default on exactly when spans can leave the process (OTEL_EXPORTER_OTLP_ENDPOINT is set).
    /// </summary>
    public bool? TraceGrainCalls { get; set; }


    /// <summary>The one check of these options, run as the host is built and again by the container at start.</summary>
    public static ProblemsValidator<JourneyOptions> Validator { get; } = new(options => options.Problems());

    /// <summary>Reads and checks the section; a wrong value stops start-up with a message naming its key.</summary>
    public static JourneyOptions Load(IConfiguration configuration) => OptionsBinding.Read(configuration, Section, Validator);

    public IPAddress BindIPAddress => IPAddress.TryParse(BindAddress, out var address)
        ? address
        : throw new JourneyConfigurationException($"{Section}:{nameof(BindAddress)} '{BindAddress}' is not an IP address");

    public bool SimulatedClock => Clock == ClockSetting.Simulated;

    public DateTimeOffset? SimulatedStartInstant => string.IsNullOrWhiteSpace(SimulatedStart)
        ? null
        : Domain.IsoTime.TryParseInstant(SimulatedStart, out var start)
            ? start
            : throw new JourneyConfigurationException($"{Section}:{nameof(SimulatedStart)} '{SimulatedStart}' is not an ISO-8601 time with an offset");

    /// <summary>Everything wrong with these settings, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var problem in new[]
        {
            OptionsBinding.Defined(Storage, $"{Section}:{nameof(Storage)}"),
            OptionsBinding.Defined(Clustering, $"{Section}:{nameof(Clustering)}"),
            OptionsBinding.Defined(Clock, $"{Section}:{nameof(Clock)}"),
            OptionsBinding.Defined(Role, $"{Section}:{nameof(Role)}"),
        })
        {
            if (problem is not null)
            {
                yield return problem;
            }
        }

        foreach (var (name, port) in new[] { (nameof(HttpPort), HttpPort), (nameof(GrpcPort), GrpcPort), (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                yield return $"{Section}:{name} must be a port from 1 to 65535, not {port.ToString(CultureInfo.InvariantCulture)}";
            }
        }

        if (new[] { HttpPort, GrpcPort, SiloPort, GatewayPort }.Distinct().Count() != 4)
        {
            yield return $"{Section}:HttpPort, GrpcPort, SiloPort and GatewayPort must differ";
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            yield return $"{Section}:{nameof(ClusterId)} is required";
        }

        if (Role == HostRole.Api && SimulatedClock)
        {
            yield return $"{Section}:{nameof(Clock)} 'Simulated' needs the API inside the silo whose clock it is ({Section}:{nameof(Role)}=All); an API host apart from the silos runs on the system clock";
        }

        if ((Storage == StorageProfile.Redis || Clustering == ClusteringProfile.Redis) && string.IsNullOrWhiteSpace(Redis))
        {
            yield return $"{Section}:{nameof(Redis)} is required with {Section}:{nameof(Storage)}={Storage} and {Section}:{nameof(Clustering)}={Clustering} (a Redis connection string such as 127.0.0.1:6379)";
        }

        if ((Storage == StorageProfile.AzureBlob || Clustering == ClusteringProfile.AzureTable) && string.IsNullOrWhiteSpace(AzureConnectionString))
        {
            yield return $"{Section}:{nameof(AzureStorage)} (or its earlier name {Section}:{nameof(AzureBlob)}) is required with {Section}:{nameof(Storage)}={Storage} and {Section}:{nameof(Clustering)}={Clustering} (an Azure Storage connection string)";
        }

        if (Queue.Provider == QueueProvider.AzureQueue && string.IsNullOrWhiteSpace(AzureConnectionString))
        {
            yield return $"{Section}:{nameof(AzureStorage)} is required with {Section}:Queue:Provider=AzureQueue (the storage account whose queues are read)";
        }

        if (Queue.Count is < 1 or > 64)
        {
            yield return $"{Section}:Queue:Count must be 1 to 64, not {Queue.Count.ToString(CultureInfo.InvariantCulture)}";
        }

        if (Queue.VisibilityTimeout < TimeSpan.FromSeconds(5) || Queue.VisibilityTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:Queue:VisibilityTimeout must be 5 seconds to an hour";
        }

        // The values parsed further down the line: each refuses with its key named.
        foreach (var parse in new Action[] { () => _ = BindIPAddress, () => _ = SimulatedStartInstant, () => _ = RedisConfiguration, () => _ = AzureTableService })
        {
            string? refused = null;
            try
            {
                parse();
            }
            catch (JourneyConfigurationException exception)
            {
                refused = exception.Message;
            }

            if (refused is not null)
            {
                yield return refused;
            }
        }
    }

    /// <summary>The parsed Redis connection string, when one is set.</summary>
    public StackExchange.Redis.ConfigurationOptions? RedisConfiguration
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Redis))
            {
                return null;
            }

            try
            {
                var configuration = StackExchange.Redis.ConfigurationOptions.Parse(Redis);
                return configuration.EndPoints.Count > 0
                    ? configuration
                    : throw new JourneyConfigurationException($"{Section}:{nameof(Redis)} '{Redis}' names no endpoint");
            }
            catch (ArgumentException exception)
            {
                throw new JourneyConfigurationException($"{Section}:{nameof(Redis)} is not a Redis connection string: {exception.Message}", exception);
            }
        }
    }

    /// <summary>A client for the Azure Storage account's tables (membership, reminders), with the same bound on a call.</summary>
    public Azure.Data.Tables.TableServiceClient? AzureTableService => AzureClient(connection =>
    {
        var client = new Azure.Data.Tables.TableClientOptions();
        ConfigureRetry(client.Retry);
        return new Azure.Data.Tables.TableServiceClient(connection, client);
    });

    public T? AzureClient<T>(Func<string, T> create)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(AzureConnectionString))
        {
            return null;
        }

        try
        {
            return create(AzureConnectionString);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new JourneyConfigurationException($"{Section}:{AzureKey} is not an Azure Storage connection string: {exception.Message}", exception);
        }
    }

    public static void ConfigureRetry(Azure.Core.RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.NetworkTimeout = TimeSpan.FromSeconds(2);
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
    }

}

/// <summary>Journey:Clock: the business clock.</summary>
public enum ClockSetting
{
    System,
    Simulated,
}

public sealed class JourneyConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

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
    public string Storage { get; set; } = nameof(StorageProfile.Memory);
    public string Clustering { get; set; } = nameof(ClusteringProfile.Localhost);
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
    public string Clock { get; set; } = "System";

    public string Role { get; set; } = nameof(HostRole.All);
    public string? SimulatedStart { get; set; }
    public string Policies { get; set; } = "policies";
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Carry traces across grain calls (Orleans' activity propagation filters on every call). By
    /// default on exactly when spans can leave the process (OTEL_EXPORTER_OTLP_ENDPOINT is set).
    /// </summary>
    public bool? TraceGrainCalls { get; set; }


    /// <summary>Reads and checks the section; a wrong value stops start-up with a message naming its key.</summary>
    public static JourneyOptions Load(IConfiguration configuration)
    {
        JourneyOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<JourneyOptions>() ?? new JourneyOptions();
        }
        catch (InvalidOperationException exception)
        {
            throw new JourneyConfigurationException($"{Section}: {exception.Message}", exception);
        }

        options.Validate();
        return options;
    }

    public StorageProfile StorageProfile => ParseEnum<StorageProfile>(Storage, nameof(Storage));

    public ClusteringProfile ClusteringProfile => ParseEnum<ClusteringProfile>(Clustering, nameof(Clustering));

    public IPAddress BindIPAddress => IPAddress.TryParse(BindAddress, out var address)
        ? address
        : throw new JourneyConfigurationException($"{Section}:{nameof(BindAddress)} '{BindAddress}' is not an IP address");

    public bool SimulatedClock => ParseEnum<ClockSetting>(Clock, nameof(Clock)) == ClockSetting.Simulated;

    public HostRole HostRole => ParseEnum<HostRole>(Role, nameof(Role));

    public DateTimeOffset? SimulatedStartInstant => string.IsNullOrWhiteSpace(SimulatedStart)
        ? null
        : Domain.IsoTime.TryParseInstant(SimulatedStart, out var start)
            ? start
            : throw new JourneyConfigurationException($"{Section}:{nameof(SimulatedStart)} '{SimulatedStart}' is not an ISO-8601 time with an offset");

    private void Validate()
    {
        foreach (var (name, port) in new[] { (nameof(HttpPort), HttpPort), (nameof(GrpcPort), GrpcPort), (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                throw new JourneyConfigurationException($"{Section}:{name} must be a port from 1 to 65535, not {port.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (new[] { HttpPort, GrpcPort, SiloPort, GatewayPort }.Distinct().Count() != 4)
        {
            throw new JourneyConfigurationException($"{Section}:HttpPort, GrpcPort, SiloPort and GatewayPort must differ");
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            throw new JourneyConfigurationException($"{Section}:{nameof(ClusterId)} is required");
        }

        _ = BindIPAddress;
        _ = SimulatedClock;
        if (HostRole == HostRole.Api && SimulatedClock)
        {
            throw new JourneyConfigurationException($"{Section}:{nameof(Clock)} 'Simulated' needs the API inside the silo whose clock it is ({Section}:{nameof(Role)}=All); an API host apart from the silos runs on the system clock");
        }

        _ = SimulatedStartInstant;

        if ((StorageProfile == StorageProfile.Redis || ClusteringProfile == ClusteringProfile.Redis) && string.IsNullOrWhiteSpace(Redis))
        {
            throw new JourneyConfigurationException(
                $"{Section}:{nameof(Redis)} is required with {Section}:{nameof(Storage)}={Storage} and {Section}:{nameof(Clustering)}={Clustering} (a Redis connection string such as 127.0.0.1:6379)");
        }

        if ((StorageProfile == StorageProfile.AzureBlob || ClusteringProfile == ClusteringProfile.AzureTable) && string.IsNullOrWhiteSpace(AzureConnectionString))
        {
            throw new JourneyConfigurationException(
                $"{Section}:{nameof(AzureStorage)} (or its earlier name {Section}:{nameof(AzureBlob)}) is required with {Section}:{nameof(Storage)}={Storage} and {Section}:{nameof(Clustering)}={Clustering} (an Azure Storage connection string)");
        }

        _ = RedisConfiguration;
        _ = AzureTableService;
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

    private enum ClockSetting
    {
        System,
        Simulated,
    }

    private static T ParseEnum<T>(string value, string key) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new JourneyConfigurationException($"{Section}:{key} '{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
}

public sealed class JourneyConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

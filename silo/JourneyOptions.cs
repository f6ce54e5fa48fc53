using System.Globalization;
using System.Net;

namespace Journey.Silo;

public enum StorageProfile
{
    Memory,
    Redis,
    AzureBlob,
}

public enum ClusteringProfile
{
    Localhost,
    Redis,
}

/// <summary>The <c>Journey:*</c> configuration keys (see DESIGN.md); overridable as Journey__HttpPort=… or --Journey:HttpPort=….</summary>
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
    public string? AzureBlob { get; set; }
    public string Clock { get; set; } = "System";
    public string? SimulatedStart { get; set; }
    public string Policies { get; set; } = "policies";
    public string BindAddress { get; set; } = "127.0.0.1";

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
        _ = SimulatedStartInstant;

        if ((StorageProfile == StorageProfile.Redis || ClusteringProfile == ClusteringProfile.Redis) && string.IsNullOrWhiteSpace(Redis))
        {
            throw new JourneyConfigurationException(
                $"{Section}:{nameof(Redis)} is required with {Section}:{nameof(Storage)}={Storage} and {Section}:{nameof(Clustering)}={Clustering} (a Redis connection string such as 127.0.0.1:6379)");
        }

        if (StorageProfile == StorageProfile.AzureBlob && string.IsNullOrWhiteSpace(AzureBlob))
        {
            throw new JourneyConfigurationException($"{Section}:{nameof(AzureBlob)} is required with {Section}:{nameof(Storage)}=AzureBlob (an Azure Storage connection string)");
        }

        _ = RedisConfiguration;
        _ = AzureBlobService;
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

    /// <summary>A client for the Azure Storage account, when a connection string is set.</summary>
    public Azure.Storage.Blobs.BlobServiceClient? AzureBlobService
    {
        get
        {
            if (string.IsNullOrWhiteSpace(AzureBlob))
            {
                return null;
            }

            try
            {
                return new Azure.Storage.Blobs.BlobServiceClient(AzureBlob);
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new JourneyConfigurationException($"{Section}:{nameof(AzureBlob)} is not an Azure Storage connection string: {exception.Message}", exception);
            }
        }
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

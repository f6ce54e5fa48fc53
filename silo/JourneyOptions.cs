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

        if (StorageProfile == StorageProfile.Redis || ClusteringProfile == ClusteringProfile.Redis)
        {
            throw new JourneyConfigurationException(
                $"{Section}:{nameof(Storage)}={Storage} / {Section}:{nameof(Clustering)}={Clustering}: Redis storage and clustering are not part of this build yet; use Memory and Localhost");
        }

        if (StorageProfile == StorageProfile.AzureBlob)
        {
            throw new JourneyConfigurationException($"{Section}:{nameof(Storage)}=AzureBlob is not part of this build yet; use Memory");
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

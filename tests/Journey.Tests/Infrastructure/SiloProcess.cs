using System.Text.Json.Nodes;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// A Journey silo in a process of its own, started from the silo's build output, so it can be killed
/// with SIGKILL; or, from the api project's build output, an API host apart from the silos.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private ChildProcess? _process;

    private readonly string _assembly;

    private SiloProcess(int[] ports, string[] extraArguments, string? assembly = null)
    {
        _assembly = assembly ?? SiloAssembly;
        (HttpPort, GrpcPort, SiloPort, GatewayPort) = (ports[0], ports[1], ports[2], ports[3]);
        _arguments =
        [
            _assembly,
            "--Journey:Outbox=", $"--Journey:HttpPort={HttpPort}", $"--Journey:GrpcPort={GrpcPort}", $"--Journey:SiloPort={SiloPort}", $"--Journey:GatewayPort={GatewayPort}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans.Runtime.MembershipService=Information", "--Logging:LogLevel:Orleans.Runtime.Silo=Information",
            .. extraArguments,
        ];
    }

    public int HttpPort { get; }
    public int GrpcPort { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }
    public bool Running => _process is { HasExited: false };
    public string Output => _process?.Output ?? "";

    /// <summary>Journey.Silo.dll of the configuration the tests were built in.</summary>
    public static string SiloAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(Repository.Root, "silo", "bin", configuration, "net10.0", "Journey.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"build the silo first ({configuration})", path);
        }
    }

    /// <summary>Journey.Api.dll, the API host's own executable, of the configuration the tests were built in.</summary>
    public static string ApiAssembly => Path.Combine(Path.GetDirectoryName(SiloAssembly)!.Replace($"{Path.DirectorySeparatorChar}silo{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}api{Path.DirectorySeparatorChar}", StringComparison.Ordinal), "Journey.Api.dll");

    public static SiloProcess Create(params string[] extraArguments) => new(FreePorts.Take(4), extraArguments);

    /// <summary>An API host (Journey:Role=Api) from the api project's executable.</summary>
    public static SiloProcess CreateApiHost(params string[] extraArguments) => new(FreePorts.Take(4), extraArguments, ApiAssembly);

    /// <summary>The Journey assemblies the process has mapped (file names), from /proc.</summary>
    public async Task<IReadOnlySet<string>> LoadedJourneyAssembliesAsync() =>
        (await File.ReadAllLinesAsync($"/proc/{_process!.Pid}/maps"))
            .Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? ""))
            .Where(name => name.StartsWith("Journey.", StringComparison.Ordinal) && name.EndsWith(".dll", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A new process for the same silo: same ports, other settings as given.</summary>
    public static SiloProcess Replace(SiloProcess old, params string[] extraArguments) =>
        new([old.HttpPort, old.GrpcPort, old.SiloPort, old.GatewayPort], extraArguments);

    public Task StartAsync()
    {
        Launch();
        return WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts the process without waiting for it to be ready.</summary>
    public void Launch() => _process = ChildProcess.Start("dotnet", _arguments, workingDirectory: Path.GetDirectoryName(_assembly));

    /// <summary>Waits for readiness of a process started with <see cref="Launch"/>.</summary>
    public Task ReadyAsync(TimeSpan timeout) => WaitUntilReadyAsync(timeout);

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>Sends a signal (STOP, CONT) to the silo process.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", _process!.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    /// <summary>Activations per grain type on each silo, as the dashboard counts them (silo port → count).</summary>
    /// <summary>The customer grains active in this silo, from its own /metrics (null until the first one activated).</summary>
    public Task<long?> ResidentCustomersAsync() => MetricAsync("journey_customers_resident");

    /// <summary>Customer writes waiting in this silo's group committer, from its own /metrics (null before its first write).</summary>
    public Task<long?> PendingWritesAsync() => MetricAsync("journey_commit_pending");

    /// <summary>Customers this silo's effect recovery asked to offer their effects again (null: none yet).</summary>
    public Task<long?> RecoveredCustomersAsync() => MetricAsync("journey_effects_recovered_total");

    private async Task<long?> MetricAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<int> ActiveSilosAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        var counters = JsonNode.Parse(await http.GetStringAsync("/dashboard/DashboardCounters"))!;
        return counters["totalActiveHostCount"]!.GetValue<int>();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"silo on port {SiloPort} exited at start:\n{_process.Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await _process!.KillAsync();
        var log = Path.Combine(Path.GetTempPath(), $"journey-silo-{SiloPort}.log");
        await File.WriteAllTextAsync(log, _process.Output);
        throw new TimeoutException($"silo on port {SiloPort} was not ready within {timeout.TotalSeconds:0} s; its output is in {log}");
    }
}

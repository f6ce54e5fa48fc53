using Azure.Storage.Blobs;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Azurite's blob service as a child process on a free loopback port. Azurite has been seen to stop
/// answering under load: every start waits for a real answer with a time-out, and a hang fails clearly.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    // Azurite's well-known development account.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private ChildProcess? _process;

    private AzuriteServer(int port, string folder) => (Port, Folder) = (port, folder);

    public int Port { get; }

    public string Folder { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer(FreePorts.Take(1)[0], Directory.CreateTempSubdirectory("journey-azurite-").FullName);
        await server.StartProcessAsync();
        return server;
    }

    public async Task StartProcessAsync()
    {
        var binary = Tools.Find("azurite-blob", "JOURNEY_AZURITE_BLOB")
            ?? throw new InvalidOperationException("azurite-blob is not installed; ./test.sh installs it (npm azurite into .tools/)");
        _process = ChildProcess.Start(binary,
        [
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", Folder, "--silent", "--skipApiVersionCheck", "--loose",
        ]);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var client = new BlobServiceClient(ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"azurite-blob exited at start:\n{_process.Output}");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await client.GetPropertiesAsync(attempt.Token);
                return;
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
            {
            }

            await Task.Delay(200);
        }

        await _process!.KillAsync();
        throw new TimeoutException($"Azurite on port {Port} did not answer within {timeout.TotalSeconds:0} s (it has been seen to hang; killed):\n{_process.Output}");
    }
}

/// <summary>Finds the external tools the tests start.</summary>
public static class Tools
{
    public static string? Find(string name, string environmentVariable)
    {
        if (Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var local = Path.Combine(Repository.Root, ".tools", "node_modules", ".bin", name);
        if (File.Exists(local))
        {
            return local;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

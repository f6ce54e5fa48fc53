using Azure.Storage.Blobs;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Azurite's blob and table services on free loopback ports (the same ports and folder again after
/// a restart). Azurite has been seen to stop answering under load: every start waits for a real
/// answer from both services with a time-out, and a hang fails clearly.
/// </summary>
public sealed class AzuriteServer() : ChildServer("azurite")
{
    // Azurite's well-known development account.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public int TablePort { get; } = FreePorts.Take(1)[0];

    public int QueuePort { get; } = FreePorts.Take(1)[0];

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer();
        await server.StartProcessAsync();
        return server;
    }

    public override Task StartProcessAsync()
    {
        var binary = Tools.Find("azurite", "JOURNEY_AZURITE")
            ?? throw new InvalidOperationException("azurite is not installed; ./test.sh installs it (npm azurite into .tools/)");
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string[] arguments =
        [
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(invariant),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(invariant),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(invariant),
            "--location", Folder, "--silent", "--skipApiVersionCheck", "--loose",
        ];
        var blobs = new BlobServiceClient(ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        var tables = new Azure.Data.Tables.TableServiceClient(ConnectionString, new Azure.Data.Tables.TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        return StartAsync(binary, arguments, () => AnswersAsync(blobs, tables), TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> AnswersAsync(BlobServiceClient blobs, Azure.Data.Tables.TableServiceClient tables)
    {
        try
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await blobs.GetPropertiesAsync(attempt.Token);
            await tables.QueryAsync(cancellationToken: attempt.Token).AsPages(pageSizeHint: 1).GetAsyncEnumerator(attempt.Token).MoveNextAsync();
            return true;
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return false;
        }
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

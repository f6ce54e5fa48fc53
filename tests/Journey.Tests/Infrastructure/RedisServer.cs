using StackExchange.Redis;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// redis-server as a child process on a free loopback port, durable the way Journey's docs say a
/// production Redis must be: AOF on, fsync on every write. Restartable on the same data folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private ChildProcess? _process;

    private RedisServer(int port, string folder) => (Port, Folder) = (port, folder);

    public int Port { get; }

    public string Folder { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=3000,asyncTimeout=3000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePorts.Take(1)[0], Directory.CreateTempSubdirectory("journey-redis-").FullName);
        await server.StartProcessAsync();
        return server;
    }

    public async Task StartProcessAsync()
    {
        var binary = Tools.Find("redis-server", "JOURNEY_REDIS_SERVER")
            ?? throw new InvalidOperationException("redis-server is not installed; ./test.sh installs it (apt-get install redis-server)");
        _process = ChildProcess.Start(binary,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Folder,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "yes",
        ]);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Kills the server with SIGKILL: what it acknowledged must be in its append-only file.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

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
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start:\n{_process.Output}");
            }

            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},abortConnect=true,connectTimeout=500");
                if ((await connection.GetDatabase().PingAsync()) < TimeSpan.FromSeconds(5))
                {
                    return;
                }
            }
            catch (RedisConnectionException)
            {
            }

            await Task.Delay(100);
        }

        await _process!.KillAsync();
        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout.TotalSeconds:0} s:\n{_process.Output}");
    }
}

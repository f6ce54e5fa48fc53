using StackExchange.Redis;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// redis-server on a free loopback port, durable the way Journey's docs say a production Redis must
/// be: AOF on, fsync on every write. Restartable on the same data folder.
/// </summary>
public sealed class RedisServer() : ChildServer("redis")
{
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=3000,asyncTimeout=3000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.StartProcessAsync();
        return server;
    }

    public override Task StartProcessAsync()
    {
        var binary = Tools.Find("redis-server", "JOURNEY_REDIS_SERVER")
            ?? throw new InvalidOperationException("redis-server is not installed; ./test.sh installs it (apt-get install redis-server)");
        string[] arguments =
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Folder,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "yes",
        ];
        return StartAsync(binary, arguments, AnswersPingAsync, TimeSpan.FromSeconds(15));
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},abortConnect=true,connectTimeout=500");
            return await connection.GetDatabase().PingAsync() < TimeSpan.FromSeconds(5);
        }
        catch (RedisException)
        {
            return false;
        }
    }
}

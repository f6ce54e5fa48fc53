using System.Diagnostics;
using System.Net.Sockets;

namespace Journey.LoadTests.Harness;

/// <summary>A redis-server child process on a free loopback port, durable (append-only file, fsync on every write); stopped by its PID.</summary>
public sealed class RedisProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisProcess(Process process, string directory, int port)
    {
        (_process, _directory, Port) = (process, directory, port);
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static string? FindExecutable() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    /// <summary>CPU redis-server has used so far (user + system, from /proc).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<RedisProcess> StartAsync(string executable)
    {
        var port = Loopback.FreePort();
        var directory = Directory.CreateTempSubdirectory("journey-load-redis-").FullName;
        var process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var redis = new RedisProcess(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return redis;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        redis.Dispose();
        throw new TimeoutException("redis-server did not answer within 20 s");
    }

    /// <summary>One field of <c>INFO</c> (e.g. <c>total_net_input_bytes</c>), as a number.</summary>
    public async Task<double> InfoAsync(string section, string field)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        var info = await connection.GetServer(ConnectionString).InfoAsync(section);
        var value = info.SelectMany(g => g).FirstOrDefault(p => p.Key == field).Value
            ?? throw new InvalidOperationException($"redis INFO {section} has no {field}");
        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How many write+fsync rounds a second the file system under Redis's data folder takes (4 KiB each,
    /// for two seconds): the ceiling on a design that syncs once per write, and what group commit works around.
    /// </summary>
    public double FsyncsPerSecond()
    {
        var path = Path.Combine(_directory, "fsync-probe");
        var block = new byte[4096];
        var count = 0;
        var watch = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(2))
            {
                file.Write(block);
                file.Flush(flushToDisk: true);
                count++;
            }
        }

        File.Delete(path);
        return count / watch.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

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

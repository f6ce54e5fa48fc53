namespace Journey.Tests.Infrastructure;

/// <summary>
/// A server the tests run as a child process on a free loopback port, with a data folder of its own:
/// started and probed until it answers (or killed with a clear error when it does not), stopped by PID.
/// </summary>
public abstract class ChildServer(string name) : IAsyncDisposable
{
    private ChildProcess? _process;

    public int Port { get; } = FreePorts.Take(1)[0];

    public string Folder { get; } = Directory.CreateTempSubdirectory($"journey-{name}-").FullName;

    /// <summary>Starts (or restarts, on the same port and folder) the process and waits until it answers.</summary>
    public abstract Task StartProcessAsync();

    /// <summary>SIGKILL, as a crash would.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>A clean stop (SIGTERM), killed when it takes longer than ten seconds.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    /// <summary>Sends a signal to the server's process by its PID (STOP freezes it, CONT resumes it).</summary>
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

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    protected async Task StartAsync(string binary, IEnumerable<string> arguments, Func<Task<bool>> answers, TimeSpan timeout)
    {
        _process = ChildProcess.Start(binary, arguments);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited at start:\n{_process.Output}");
            }

            if (await answers())
            {
                return;
            }

            await Task.Delay(100);
        }

        await _process.KillAsync();
        throw new TimeoutException($"{name} on port {Port} did not answer within {timeout.TotalSeconds:0} s (killed):\n{_process.Output}");
    }
}

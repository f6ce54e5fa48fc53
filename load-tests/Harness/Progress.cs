using System.Globalization;

namespace Journey.LoadTests.Harness;

/// <summary>Prints what a running measurement has done so far, every two seconds, until disposed.</summary>
public sealed class Progress : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _printing;

    private Progress(string name, Recorder recorder)
    {
        _printing = Task.Run(async () =>
        {
            var started = DateTime.UtcNow;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    var seconds = (DateTime.UtcNow - started).TotalSeconds;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {name}: {recorder.Successes:N0} done, {recorder.Failures:N0} failed, {recorder.Successes / seconds:N0}/s; heap {GC.GetTotalMemory(false) / 1048576:N0} MiB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalSeconds:N1} s"));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static Progress Show(string name, Recorder recorder)
    {
        Console.Error.WriteLine($"- {name}");
        return new Progress(name, recorder);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _printing.Wait();
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Loopback ports nobody listens on right now; other processes on the machine may hold the defaults.
/// A port is checked by binding it and then released for the server to bind, so it is taken below the
/// kernel's ephemeral range: in between, no outgoing connection of any process can be given it (an
/// ephemeral port handed out by the kernel could), and this process never hands out one port twice.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];
    private static readonly (int Low, int High) Range = BelowEphemeral();

    public static int[] Take(int count)
    {
        var ports = new List<int>();
        lock (Handed)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (ports.Count < count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"no {count} free loopback ports between {Range.Low} and {Range.High} within 10 s");
                }

                var port = Random.Shared.Next(Range.Low, Range.High);
                if (!Handed.Contains(port) && Bindable(port))
                {
                    Handed.Add(port);
                    ports.Add(port);
                }
            }
        }

        return [.. ports];
    }

    private static bool Bindable(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux lists the ephemeral range in /proc (32768–60999 by default); the ports below it, down to 10000, are for servers.
    private static (int Low, int High) BelowEphemeral()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralLow = 32768;
        if (File.Exists(rangeFile) && File.ReadAllText(rangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var low, ..] && int.TryParse(low, out var parsed))
        {
            ephemeralLow = parsed;
        }

        return ephemeralLow > 12000 ? (10000, ephemeralLow) : (61000, 65000);
    }
}

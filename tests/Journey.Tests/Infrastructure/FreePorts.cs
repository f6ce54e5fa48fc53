using System.Net;
using System.Net.Sockets;

namespace Journey.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on right now; other processes on the machine may hold the defaults.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        var ports = new List<int>();
        try
        {
            lock (Handed)
            {
                while (ports.Count < count)
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    listeners.Add(listener);
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    if (Handed.Add(port))
                    {
                        ports.Add(port);
                    }
                }
            }

            return [.. ports];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

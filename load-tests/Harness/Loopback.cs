using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Journey.LoadTests.Harness;

public static class Loopback
{
    /// <summary>A loopback port nobody listens on right now (other processes may hold the defaults).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The same channel settings for the engine and for its echo baseline: several HTTP/2 connections when streams run out.</summary>
    public static GrpcChannel Channel(int port) => Channel(new Uri($"http://127.0.0.1:{port}"));

    public static GrpcChannel Channel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        MaxReceiveMessageSize = 16 * 1024 * 1024,
    });
}

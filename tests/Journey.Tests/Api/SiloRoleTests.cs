using System.Net;
using System.Net.Sockets;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>A host started with Journey:Role=Silo.</summary>
public sealed class SiloRoleHostFixture : JourneyHostFixture
{
    protected override IEnumerable<string> ExtraArguments => [.. base.ExtraArguments, "--Journey:Role=Silo"];
}

/// <summary>Journey:Role=Silo runs the silo and its operations endpoints, and serves no public API.</summary>
public class SiloRoleTests(SiloRoleHostFixture host) : IClassFixture<SiloRoleHostFixture>
{
    [Fact]
    public async Task A_silo_without_the_public_API_is_ready_answers_operators_and_serves_neither_GraphQL_nor_gRPC()
    {
        // The fixture waited for /health/ready; operators still get the dashboard's page and the metrics.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Contains("dotnet_process_cpu_time", await host.Http.GetStringAsync("/metrics"));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/desk")).StatusCode);

        using var graphql = await host.Http.PostAsync("/graphql", new StringContent("""{"query":"{ clock { now } }"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, graphql.StatusCode);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, host.GrpcPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}

using Journey.Silo;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Journey.Tests.Api;

/// <summary>A host that lets one other front-end's origin call /graphql from a browser.</summary>
public sealed class CorsHostFixture : JourneyHostFixture
{
    public const string Desk = "https://desk.example:8443";

    protected override IEnumerable<string> ExtraArguments => [.. base.ExtraArguments, $"--Journey:Api:CorsOrigins:0={Desk}"];
}

/// <summary>
/// Cross-origin calls to /graphql are off unless Journey:Api:CorsOrigins names the front-end's origin:
/// a browser's preflight from a listed origin is answered with that origin, one from any other origin
/// (or from anywhere when none is listed) without, so the browser refuses the call; a configured value
/// that is not an origin stops start-up naming the key.
/// </summary>
public class CorsTests(CorsHostFixture cors) : IClassFixture<CorsHostFixture>
{
    [Fact]
    public async Task A_listed_origin_is_allowed_and_any_other_is_not()
    {
        using var allowed = await PreflightAsync(cors.Http, CorsHostFixture.Desk);
        Assert.True(allowed.IsSuccessStatusCode, allowed.StatusCode.ToString());
        Assert.Equal([CorsHostFixture.Desk], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("POST", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);

        using var other = await PreflightAsync(cors.Http, "https://elsewhere.example");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        // The answer to the call itself names the allowed origin too.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent("{\"query\":\"{ clock { mode } }\"}") };
        request.Headers.Add("Origin", CorsHostFixture.Desk);
        using var response = await cors.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal([CorsHostFixture.Desk], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Not_an_origin_stops_start_up_naming_the_key()
    {
        var ports = FreePorts.Take(4);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            // Refused while the host is built or, at the latest, as it starts.
            await using var app = JourneyApp.Build([
                "--Journey:Outbox=", $"--Journey:HttpPort={ports[0]}", $"--Journey:GrpcPort={ports[1]}", $"--Journey:SiloPort={ports[2]}", $"--Journey:GatewayPort={ports[3]}",
                $"--Journey:ClusterId=cors-{Guid.NewGuid():N}", "--Journey:Api:CorsOrigins:0=desk.example/app"]);
            await app.StartAsync();
        });
        Assert.Contains("Journey:Api:CorsOrigins", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<HttpResponseMessage> PreflightAsync(HttpClient http, string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return await http.SendAsync(preflight);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

/// <summary>With no origins configured (the default), no origin is allowed.</summary>
[Collection(JourneyHostCollection.Name)]
public class CorsOffByDefaultTests(JourneyHostFixture host)
{
    [Fact]
    public async Task Without_configured_origins_no_preflight_is_allowed()
    {
        using var response = await CorsTests.PreflightAsync(host.Http, CorsHostFixture.Desk);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

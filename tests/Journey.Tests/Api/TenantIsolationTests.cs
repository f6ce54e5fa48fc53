using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using GraphQL.Types;
using Grpc.Core;
using Journey.Api.GraphQL;
using Journey.Api.Security;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Tests.Api;

public sealed class AuthHostFixture : JourneyHostFixture
{
    public static readonly JourneyAuthOptions Auth = new() { Enabled = true, SigningKey = "test-signing-key-of-at-least-32-characters!" };

    protected override IEnumerable<string> ExtraArguments =>
        [.. base.ExtraArguments, "--Journey:Auth:Enabled=true", $"--Journey:Auth:SigningKey={Auth.SigningKey}"];

    public static string Token(string[] tenants, params string[] roles) => DevTokens.Mint(Auth, tenants, roles, TimeSpan.FromHours(1));
}

/// <summary>
/// Every endpoint, enumerated from the served GraphQL schema and the gRPC proto, tried without a
/// token and across tenants. A new endpoint joins the matrix by itself.
/// </summary>
public class TenantIsolationTests(AuthHostFixture host) : IClassFixture<AuthHostFixture>
{
    private const string Other = "tenant-b";
    private static readonly string[] NonOperatorRoles = ["ingest", "read", "agent", "policy-admin"];
    private static readonly string TenantA = AuthHostFixture.Token(["tenant-a"], NonOperatorRoles);

    public static TheoryData<string> GrpcMethods => [.. JourneyService.Descriptor.Methods.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(GrpcMethods))]
    public async Task gRPC_without_a_token_is_UNAUTHENTICATED(string name)
    {
        var (code, ackCode, _) = await EndpointMatrix.CallAsync(host.Grpc, name, token: null, Other);

        Assert.Equal(StatusCode.Unauthenticated, code);
        Assert.Null(ackCode);
    }

    [Theory]
    [MemberData(nameof(GrpcMethods))]
    public async Task gRPC_across_tenants_or_without_the_role_is_PERMISSION_DENIED(string name)
    {
        var method = JourneyService.Descriptor.FindMethodByName(name);
        var (code, ackCode, _) = await EndpointMatrix.CallAsync(host.Grpc, name, TenantA, Other);

        if (method.InputType.FindFieldByName("tenant") is null && name != "AdvanceClock")
        {
            // GetClock names no tenant: any signed-in role may read the clock (without a token it is refused, above).
            Assert.True(code == StatusCode.OK, $"{name}: {code} {ackCode}");
            return;
        }

        Assert.True(code == StatusCode.PermissionDenied || ackCode == "PERMISSION_DENIED", $"{name}: {code} {ackCode}");
    }

    [Fact]
    public async Task JSON_transcoding_refuses_too_and_the_right_tenant_gets_through()
    {
        var anonymous = await host.Http.GetAsync($"/v1/tenants/{Other}/customers/x");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/tenants/{Other}/customers/x");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TenantA);
        var crossTenant = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossTenant.StatusCode);

        var own = AuthHostFixture.Token([Other], "ingest", "read");
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        var headers = new Metadata { { "authorization", $"Bearer {own}" } };
        await client.PushAsync(new Journey.Api.V1.Touchpoint { EventId = "ok-1", Tenant = Other, CustomerId = "x", Type = TouchpointType.WebVisit, OccurredAt = "2026-03-02T10:00:00+01:00" }, headers);
        var read = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = Other, CustomerId = "x" }, headers);
        Assert.Equal(1, read.Version);

        var bpo = AuthHostFixture.Token(["tenant-a", Other], "read");
        Assert.Equal(1, (await client.GetCustomerAsync(new GetCustomerRequest { Tenant = Other, CustomerId = "x" }, new Metadata { { "authorization", $"Bearer {bpo}" } })).Version);
    }

    [Fact]
    public async Task Every_GraphQL_root_field_is_refused_without_a_token_and_across_tenants()
    {
        var schema = host.Services.GetRequiredService<JourneySchema>();
        schema.Initialize();
        var checkedFields = new List<string>();
        foreach (var (operation, type) in new[] { ("query", schema.Query), ("mutation", schema.Mutation!) })
        {
            foreach (var field in type.Fields)
            {
                var document = $"{operation} {{ {field.Name}{EndpointMatrix.Arguments(field, Other)}{EndpointMatrix.Selection(field)} }}";
                Assert.Equal("UNAUTHENTICATED", await GraphQLCodeAsync(document, token: null));
                if (EndpointMatrix.TakesTenant(field) || field.Name == "advanceClock")
                {
                    Assert.Equal("FORBIDDEN", await GraphQLCodeAsync(document, TenantA));
                }

                checkedFields.Add(field.Name);
            }
        }

        foreach (var field in schema.Subscription!.Fields)
        {
            var document = $"subscription {{ {field.Name}{EndpointMatrix.Arguments(field, Other)}{EndpointMatrix.Selection(field)} }}";
            Assert.Equal(4403, await SubscribeCloseCodeAsync(document, token: null));
            Assert.Equal("FORBIDDEN", await SubscribeErrorCodeAsync(document, TenantA));
            checkedFields.Add(field.Name);
        }

        Assert.Contains("recordTouchpoint", checkedFields);
        Assert.Contains("customerChanged", checkedFields);
    }

    [Fact]
    public async Task The_dashboard_and_metrics_need_the_operator_role_and_health_stays_open()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health/ready")).StatusCode);

        using var agent = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        agent.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TenantA);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Http.SendAsync(agent)).StatusCode);

        using var operatorRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        operatorRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AuthHostFixture.Token(["*"], "operator"));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(operatorRequest)).StatusCode);
    }

    private async Task<string?> GraphQLCodeAsync(string document, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = document }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["errors"] is JsonArray { Count: > 0 }, $"{document} was served: {body.ToJsonString()}");
        return body["errors"]![0]!["extensions"]?["code"]?.GetValue<string>();
    }

    private async Task<int?> SubscribeCloseCodeAsync(string document, string? token)
    {
        await using var socket = await GraphQLSocket.ConnectAsync(host.HttpPort);
        await socket.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = token is null ? new JsonObject() : new JsonObject { ["authorization"] = $"Bearer {token}" } });
        await socket.SendAsync(new JsonObject { ["type"] = "subscribe", ["id"] = "s", ["payload"] = new JsonObject { ["query"] = document } });
        return await socket.ClosedWithAsync();
    }

    private async Task<string?> SubscribeErrorCodeAsync(string document, string token)
    {
        await using var socket = await GraphQLSocket.ConnectAsync(host.HttpPort);
        await socket.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject { ["authorization"] = $"Bearer {token}" } });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
        await socket.SendAsync(new JsonObject { ["type"] = "subscribe", ["id"] = "s", ["payload"] = new JsonObject { ["query"] = document } });
        var message = (await socket.ReceiveAsync())!;
        var errors = message["type"]!.GetValue<string>() == "error" ? message["payload"] : message["payload"]?["errors"];
        return errors?[0]?["extensions"]?["code"]?.GetValue<string>();
    }
}

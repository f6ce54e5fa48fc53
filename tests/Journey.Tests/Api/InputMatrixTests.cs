using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Journey.Api.GraphQL;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Tests.Api;

/// <summary>
/// Every endpoint that names a tenant, enumerated from the proto and the served schema, asked for a
/// tenant that cannot exist: each answers INVALID_ARGUMENT naming the field, in both APIs. Guards the
/// one application layer — before it, GraphQL's policy, statistics, segments, experiments, previews
/// and subscriptions passed any tenant on to the grains.
/// </summary>
[Collection(JourneyHostCollection.Name)]
public sealed class InputMatrixTests(JourneyHostFixture host)
{
    private const string BadTenant = "Not/A Tenant";

    public static TheoryData<string> GrpcMethodsNamingATenant =>
        [.. JourneyService.Descriptor.Methods.Where(m => m.InputType.FindFieldByName("tenant") is not null).Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(GrpcMethodsNamingATenant))]
    public async Task A_gRPC_call_for_a_tenant_that_cannot_exist_is_INVALID_ARGUMENT_naming_the_tenant(string name)
    {
        var (code, ackCode, fields) = await EndpointMatrix.CallAsync(host.Grpc, name, token: null, BadTenant, authenticationOff: true);

        Assert.True(code == StatusCode.InvalidArgument || ackCode == "INVALID_ARGUMENT", $"{name}: {code} {ackCode}");
        Assert.Contains("tenant", fields);
    }

    [Fact]
    public async Task A_GraphQL_field_for_a_tenant_that_cannot_exist_is_INVALID_ARGUMENT_naming_the_tenant()
    {
        var schema = host.Services.GetRequiredService<JourneySchema>();
        schema.Initialize();
        var checkedFields = new List<string>();
        foreach (var (operation, type) in new[] { ("query", schema.Query), ("mutation", schema.Mutation!) })
        {
            foreach (var field in type.Fields.Where(EndpointMatrix.TakesTenant))
            {
                var document = $"{operation} {{ {field.Name}{EndpointMatrix.Arguments(field, BadTenant)}{EndpointMatrix.Selection(field)} }}";
                var error = await FirstErrorAsync(document);

                Assert.True(error?["extensions"]?["code"]?.GetValue<string>() == "INVALID_ARGUMENT", $"{field.Name}: {error?.ToJsonString()}");
                Assert.Equal(field.Arguments!.Any(a => a.Name == "input") ? "input.tenant" : "tenant", error!["extensions"]!["field"]?.GetValue<string>());
                checkedFields.Add(field.Name);
            }
        }

        foreach (var field in schema.Subscription!.Fields)
        {
            var document = $"subscription {{ {field.Name}{EndpointMatrix.Arguments(field, BadTenant)}{EndpointMatrix.Selection(field)} }}";
            await using var socket = await GraphQLSocket.ConnectAsync(host.HttpPort);
            await socket.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject() });
            Assert.Equal("connection_ack", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
            await socket.SendAsync(new JsonObject { ["type"] = "subscribe", ["id"] = "s", ["payload"] = new JsonObject { ["query"] = document } });
            var message = (await socket.ReceiveAsync())!;
            var errors = message["type"]!.GetValue<string>() == "error" ? message["payload"] : message["payload"]?["errors"];

            Assert.True(errors?[0]?["extensions"]?["code"]?.GetValue<string>() == "INVALID_ARGUMENT", $"{field.Name}: {message.ToJsonString()}");
            Assert.Equal("tenant", errors![0]!["extensions"]!["field"]?.GetValue<string>());
            checkedFields.Add(field.Name);
        }

        Assert.Superset(new HashSet<string> { "customer", "case", "policy", "statistics", "segmentCounts", "experimentResults", "policyPreview", "setPolicy", "recordTouchpoint", "eraseCustomer", "customerChanged", "actionsPlanned" }, checkedFields.ToHashSet());
    }

    private async Task<JsonNode?> FirstErrorAsync(string document)
    {
        using var response = await host.Http.PostAsJsonAsync("/graphql", new { query = document });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["errors"]?[0];
    }
}

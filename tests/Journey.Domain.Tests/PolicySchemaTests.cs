using System.Text.Json;
using Journey.Domain.Policies;
using NJsonSchema;
using YamlDotNet.Serialization;

namespace Journey.Domain.Tests;

/// <summary>policies/policy.schema.json describes what the parser accepts; both agree on the shipped policies.</summary>
public class PolicySchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(PolicyParserTests.RepoFile("policies/policy.schema.json")).GetAwaiter().GetResult());

    [Theory]
    [InlineData("default")]
    [InlineData("webshop")]
    [InlineData("housing")]
    public void Shipped_policies_satisfy_the_schema(string tenant)
    {
        var errors = Schema.Value.Validate(AsJson(PolicyParserTests.RepoFile($"policies/{tenant}.yaml")));

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Theory]
    [InlineData("ladder:\n  - { id: a, after: P1D, kind: REMINDER, channel: PIGEON }\n")]
    [InlineData("ladder:\n  - { id: a, after: soon, kind: REMINDER, channel: EMAIL }\n")]
    [InlineData("budgett:\n  maxContacts: 2\n")]
    [InlineData("quietHours:\n  start: 8pm\n")]
    [InlineData("bundling:\n  within: P3D\n  kinds: [LEGAL_REVIEW]\n")]
    public void Documents_the_parser_refuses_the_schema_refuses_too(string document)
    {
        Assert.False(PolicyParser.Parse("t", document).IsValid);
        Assert.NotEmpty(Schema.Value.Validate(AsJson(document)));
    }

    private static string AsJson(string yaml)
    {
        var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        return JsonSerializer.Serialize(graph);
    }
}

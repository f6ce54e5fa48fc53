using GraphQL;
using GraphQL.Types;
using Journey.Api.GraphQL;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Tests.Api;

[Collection(JourneyHostCollection.Name)]
public class SchemaTests(JourneyHostFixture host)
{
    private static readonly string SchemaFile = Path.Combine(Repository.Root, "api", "schema.graphql");

    /// <summary>api/schema.graphql is the committed contract; run with JOURNEY_UPDATE_SCHEMA=1 to rewrite it after a deliberate change.</summary>
    [Fact]
    public async Task The_served_schema_is_the_committed_schema()
    {
        var served = host.Services.GetRequiredService<JourneySchema>().Print(new GraphQL.Utilities.PrintOptions { IncludeDescriptions = true }).ReplaceLineEndings("\n").Trim() + "\n";
        if (Environment.GetEnvironmentVariable("JOURNEY_UPDATE_SCHEMA") == "1")
        {
            await File.WriteAllTextAsync(SchemaFile, served);
        }

        Assert.True(File.Exists(SchemaFile), "api/schema.graphql is missing; run the tests with JOURNEY_UPDATE_SCHEMA=1");
        Assert.Equal((await File.ReadAllTextAsync(SchemaFile)).ReplaceLineEndings("\n"), served);
    }

    [Fact]
    public async Task Introspection_as_GraphiQL_asks_it_is_not_held_back_by_the_complexity_limit()
    {
        var data = await host.GraphQLDataAsync(
            "{ __schema { queryType { name } types { name kind fields(includeDeprecated: true) { name args { name type { name kind ofType { name kind ofType { name kind } } } } " +
            "type { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } } } } }");

        Assert.Contains(data["__schema"]!["types"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "Customer");
    }

    [Fact]
    public async Task Queries_deeper_than_the_limit_are_refused_with_a_code()
    {
        const int ofTypes = 16;
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", ofTypes)) + "name" + string.Concat(Enumerable.Repeat(" }", ofTypes + 5));

        var result = await host.GraphQLAsync(deep);

        var error = result["errors"]![0]!;
        Assert.Contains("depth", error["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(error["extensions"]!["code"]);
    }

    [Fact]
    public async Task A_cached_document_is_still_weighed_with_its_variables()
    {
        const string query = "query ($n: Int) { customer(tenant: \"webshop\", id: \"nobody\") { timeline(first: $n) { eventId attributes { key value } } actions(first: $n) { actionId reasons } } }";
        var small = await host.GraphQLAsync(query, new { n = 1 });
        var again = await host.GraphQLAsync(query, new { n = 1 });
        var huge = await host.GraphQLAsync(query, new { n = 1_000_000 });
        var hugeUncached = await host.GraphQLAsync(query + " ", new { n = 1_000_000 });

        Assert.Null(small["errors"]);
        Assert.Null(again["errors"]);
        Assert.NotNull(hugeUncached["errors"]);
        Assert.Equal(hugeUncached["errors"]![0]!["message"]!.GetValue<string>(), huge["errors"]?[0]?["message"]?.GetValue<string>());
    }
}

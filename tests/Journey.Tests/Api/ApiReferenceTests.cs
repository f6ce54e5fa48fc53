using GraphQL.Types;
using Journey.Api.GraphQL;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Tests.Api;

/// <summary>docs/api.md is checked against the served schema and the proto: no endpoint goes undocumented.</summary>
[Collection(JourneyHostCollection.Name)]
public class ApiReferenceTests(JourneyHostFixture host)
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(Repository.Root, "docs", "api.md"));

    [Fact]
    public void Every_GraphQL_root_field_is_documented()
    {
        var schema = host.Services.GetRequiredService<JourneySchema>();
        schema.Initialize();
        var fields = new IObjectGraphType?[] { schema.Query, schema.Mutation, schema.Subscription }
            .OfType<IObjectGraphType>()
            .SelectMany(type => type.Fields.Select(field => field.Name));

        // The whole name in code, alone or with its arguments: `case` or `case(tenant, id)`, not the start of `caseId`.
        Assert.All(fields, field => Assert.Matches($@"`{System.Text.RegularExpressions.Regex.Escape(field)}(`|\()", Reference));
    }

    [Fact]
    public void Every_gRPC_method_is_documented()
    {
        Assert.All(JourneyService.Descriptor.Methods, method => Assert.Contains($"`{method.Name}`", Reference));
    }
}

using System.Text.Json.Nodes;

namespace Journey.Tests.Infrastructure;

/// <summary>Selections built from the served schema (introspection), so a test asks for every field a type offers.</summary>
public static class SchemaSelection
{
    public const string Introspection =
        "{ __schema { queryType { fields { name } } types { name kind fields { name args { name type { kind } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

    /// <summary>The schema's types by name, from the <c>data</c> of <see cref="Introspection"/>.</summary>
    public static Dictionary<string, JsonNode> Types(JsonNode data) =>
        data["__schema"]!["types"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!);

    /// <summary>Every field without required arguments, objects to two levels, in the schema's order.</summary>
    public static string Of(Dictionary<string, JsonNode> types, string type, int depth = 0)
    {
        var fields = types[type]["fields"]!.AsArray()
            .Where(f => !f!["args"]!.AsArray().Any(a => a!["type"]!["kind"]!.GetValue<string>() == "NON_NULL"))
            .Select(f =>
            {
                var named = NamedType(f!["type"]!);
                var kind = types[named]["kind"]!.GetValue<string>();
                return kind is "OBJECT" ? depth < 2 ? $"{f["name"]} {Of(types, named, depth + 1)}" : null : f["name"]!.GetValue<string>();
            })
            .Where(f => f is not null);
        return "{ " + string.Join(" ", fields) + " }";
    }

    public static string NamedType(JsonNode type) => type["name"]?.GetValue<string>() ?? NamedType(type["ofType"]!);
}

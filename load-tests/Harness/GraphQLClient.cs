using System.Net.Http.Json;
using System.Text.Json;

namespace Journey.LoadTests.Harness;

public static class GraphQLClient
{
    /// <summary>Posts a query; a non-200 answer, GraphQL errors or a missing <paramref name="expect"/> field is a failure.</summary>
    public static async Task PostAsync(HttpClient http, string query, Dictionary<string, object?>? variables, string? expect = null)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}");
        }

        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        if (document.RootElement.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException($"GraphQL errors: {errors.GetRawText()}");
        }

        if (expect is not null && (!document.RootElement.GetProperty("data").TryGetProperty(expect, out var value) || value.ValueKind == JsonValueKind.Null))
        {
            throw new InvalidOperationException($"no {expect} in the answer");
        }
    }
}

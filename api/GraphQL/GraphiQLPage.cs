using Microsoft.AspNetCore.Http;

namespace Journey.Api.GraphQL;

/// <summary>GraphiQL for browsers at GET /graphql, from files embedded in this assembly (no CDN: the machine may be offline).</summary>
public static class GraphiQLPage
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    };

    public static bool WantsPage(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    public static Task WritePageAsync(HttpContext http) => WriteAsync(http, "index.html");

    public static Task WriteAsync(HttpContext http, string file) => WriteEmbeddedAsync(http, "graphiql", file);

    /// <summary>A file embedded under <paramref name="folder"/> (GraphiQL's, the desk's); 404 for anything else.</summary>
    public static async Task WriteEmbeddedAsync(HttpContext http, string folder, string file)
    {
        await using var stream = typeof(GraphiQLPage).Assembly.GetManifestResourceStream($"{folder}/{file}");
        if (stream is null || file.Contains('/', StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
        http.Response.Headers.CacheControl = folder == "desk" ? "no-cache" : "public, max-age=86400";
        await stream.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}

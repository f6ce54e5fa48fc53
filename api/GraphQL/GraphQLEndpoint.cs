using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;

namespace Journey.Api.GraphQL;

/// <summary>The GraphQL-over-HTTP POST endpoint (GraphQL.Server is not available here).</summary>
public static class GraphQLEndpoint
{
    public static async Task HandleAsync(HttpContext http, IDocumentExecuter<JourneySchema> executer, IGraphQLTextSerializer serializer)
    {
        var cancellation = http.RequestAborted;
        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, cancellation);
        }
        catch (JsonException exception)
        {
            await WriteAsync(http, serializer, StatusCodes.Status400BadRequest, BadRequest($"the body is not a GraphQL request: {exception.Message}"));
            return;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteAsync(http, serializer, StatusCodes.Status400BadRequest, BadRequest("the body must be JSON with a 'query'"));
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Variables = request.Variables,
            Extensions = request.Extensions,
            OperationName = request.OperationName,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = cancellation,
        });

        // A document that never ran (syntax or validation errors) is the client's mistake; an overloaded silo says so with 429.
        var status = !result.Executed ? StatusCodes.Status400BadRequest
            : result.Errors?.Any(e => e.Code == GraphErrors.Overloaded) == true ? StatusCodes.Status429TooManyRequests
            : StatusCodes.Status200OK;
        await WriteAsync(http, serializer, status, result);
    }

    private static ExecutionResult BadRequest(string message) => new()
    {
        Errors = [new ExecutionError(message) { Code = "BAD_REQUEST" }],
    };

    private static async Task WriteAsync(HttpContext http, IGraphQLTextSerializer serializer, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}

using GraphQL;
using GraphQL.Execution;
using Journey.Domain;

namespace Journey.Api.GraphQL;

/// <summary>Errors with a code (and, for bad input, the field) under <c>extensions</c>.</summary>
public static class GraphErrors
{
    public const string FieldKey = "field";

    public static void AddInvalidArgument(IResolveFieldContext context, string argument, IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            var executionError = new ExecutionError($"{argument}.{error.Field}: {error.Message}") { Code = "INVALID_ARGUMENT", Path = context.Path };
            executionError.Data[FieldKey] = $"{argument}.{error.Field}";
            context.Errors.Add(executionError);
        }
    }

    public static ExecutionError Unavailable(Exception cause) =>
        new($"not acknowledged, retry with the same eventId: {cause.Message}") { Code = "UNAVAILABLE" };
}

/// <summary>Puts the failing field next to the code, where clients look first.</summary>
public sealed class JourneyErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeCode = true, ExposeCodes = false, ExposeData = false })
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (executionError.Data[GraphErrors.FieldKey] is string field)
        {
            info.Extensions ??= new Dictionary<string, object?>();
            info.Extensions[GraphErrors.FieldKey] = field;
        }

        return info;
    }
}

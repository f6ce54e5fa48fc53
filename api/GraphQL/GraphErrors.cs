using GraphQL;
using GraphQL.Execution;
using Journey.Domain;

namespace Journey.Api.GraphQL;

/// <summary>Errors with a code (and, for bad input, the field) under <c>extensions</c>.</summary>
public static class GraphErrors
{
    public const string FieldKey = "field";

    /// <summary>
    /// Runs an application call for a field: invalid input becomes INVALID_ARGUMENT errors on the field's
    /// path (under <paramref name="argument"/> when the input is one argument object) and the field null;
    /// a refused token, a failed precondition an error with its code.
    /// </summary>
    public static async Task<object?> Answer<T>(this IResolveFieldContext context, Func<Task<T>> call, string argument = "")
    {
        try
        {
            return await call();
        }
        catch (Application.InvalidInputException invalid)
        {
            AddInvalidArgument(context, argument, invalid.Errors);
            AddPolicyInvalid(context, invalid.PolicyErrors, invalid.DocumentCode);
            return null;
        }
        catch (Application.RefusedException refused)
        {
            throw Refused(refused);
        }
    }

    /// <summary>A synchronous application call for a field (the clock, a subscription's start), refusals as errors with their code.</summary>
    public static T Checked<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Application.RefusedException refused)
        {
            throw Refused(refused);
        }
    }

    private static ExecutionError Refused(Application.RefusedException refused)
    {
        switch (refused)
        {
            case Application.AccessRefusedException denied:
                return new ExecutionError(denied.Message) { Code = denied.Verdict == Security.AccessVerdict.Unauthenticated ? "UNAUTHENTICATED" : "FORBIDDEN" };
            case Application.InvalidInputException invalid:
                var error = new ExecutionError(invalid.Message) { Code = invalid.PolicyErrors.Count > 0 ? invalid.DocumentCode : "INVALID_ARGUMENT" };
                if (!invalid.Errors.IsEmpty)
                {
                    error.Data[FieldKey] = invalid.Errors[0].Field;
                }

                return error;
            default:
                return new ExecutionError(refused.Message) { Code = "FAILED_PRECONDITION" };
        }
    }

    public static void AddInvalidArgument(IResolveFieldContext context, string argument, IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            var field = string.Join('.', new[] { argument, error.Field }.Where(part => part.Length > 0));
            var executionError = new ExecutionError($"{field}: {error.Message}") { Code = "INVALID_ARGUMENT", Path = context.Path };
            executionError.Data[FieldKey] = field;
            context.Errors.Add(executionError);
        }
    }

    public const string LineKey = "line";
    public const string PathKey = "path";

    public static void AddPolicyInvalid(IResolveFieldContext context, IEnumerable<Domain.Policies.PolicyError> errors, string code = Application.InvalidInputException.PolicyInvalid)
    {
        foreach (var error in errors)
        {
            var executionError = new ExecutionError($"line {error.Line}, {error.Path}: {error.Message}") { Code = code, Path = context.Path };
            executionError.Data[LineKey] = error.Line;
            executionError.Data[PathKey] = error.Path;
            context.Errors.Add(executionError);
        }
    }

    public const string Overloaded = "RESOURCE_EXHAUSTED";

    public static ExecutionError Unavailable(Exception cause) =>
        new($"not acknowledged, retry with the same eventId: {cause.Message}") { Code = cause is Ingest.OverloadedException ? Overloaded : "UNAVAILABLE" };
}

/// <summary>Puts the failing field next to the code, where clients look first.</summary>
public sealed class JourneyErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeCode = true, ExposeCodes = false, ExposeData = false })
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        foreach (var key in new[] { GraphErrors.FieldKey, GraphErrors.LineKey, GraphErrors.PathKey })
        {
            if (executionError.Data[key] is { } value)
            {
                info.Extensions ??= new Dictionary<string, object?>();
                info.Extensions[key] = value;
            }
        }

        return info;
    }
}

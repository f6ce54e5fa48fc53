using GraphQL;
using GraphQL.Execution;
using Journey.Domain;

namespace Journey.Api.GraphQL;

/// <summary>Errors with a code (and, for bad input, the field) under <c>extensions</c>.</summary>
public static class GraphErrors
{
    public const string FieldKey = "field";

    /// <summary>Adds an INVALID_ARGUMENT error for each thing wrong with the field's tenant and id arguments; true when there was any.</summary>
    public static bool InvalidKey(IResolveFieldContext context, string idArgument = "id")
    {
        var errors = Journey.Domain.TouchpointParser.KeyErrors(context.GetArgument<string>("tenant"), "tenant", context.GetArgument<string>(idArgument), idArgument);
        AddInvalidArgument(context, "", errors);
        return !errors.IsEmpty;
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

    public static void AddPolicyInvalid(IResolveFieldContext context, IEnumerable<Domain.Policies.PolicyError> errors)
    {
        foreach (var error in errors)
        {
            var executionError = new ExecutionError($"line {error.Line}, {error.Path}: {error.Message}") { Code = "POLICY_INVALID", Path = context.Path };
            executionError.Data[LineKey] = error.Line;
            executionError.Data[PathKey] = error.Path;
            context.Errors.Add(executionError);
        }
    }

    public const string Overloaded = "RESOURCE_EXHAUSTED";

    /// <summary>Refuses the field unless the caller's token grants the permission (for the tenant, when one is named).</summary>
    public static void Demand(this Security.TenantAccess access, IResolveFieldContext context, string? tenant, Security.Permission permission)
    {
        var (verdict, reason) = access.Check(context.User, tenant, permission);
        if (verdict != Security.AccessVerdict.Allowed)
        {
            throw new ExecutionError(reason) { Code = verdict == Security.AccessVerdict.Unauthenticated ? "UNAUTHENTICATED" : "FORBIDDEN" };
        }
    }

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

using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Journey.Api.Ingest;
using Journey.Domain;

namespace Journey.Api.Rpc;

/// <summary>gRPC status errors with the standard google.rpc details, so any client can read the failing field.</summary>
public static class RpcErrors
{
    public static RpcException InvalidArgument(IReadOnlyCollection<FieldError> errors)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(errors.Select(e => new BadRequest.Types.FieldViolation { Field = e.Field, Description = e.Message }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = string.Join("; ", errors),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string message) => InvalidArgument([new FieldError(field, message)]);

    /// <summary>A refusal of the application layer as its status: who may not, what is wrong (policy errors as <c>document:line:path</c>), or a precondition.</summary>
    public static RpcException Refused(Application.RefusedException refused) => refused switch
    {
        Application.AccessRefusedException { Verdict: Security.AccessVerdict.Unauthenticated } => new(new global::Grpc.Core.Status(StatusCode.Unauthenticated, refused.Message)),
        Application.AccessRefusedException => new(new global::Grpc.Core.Status(StatusCode.PermissionDenied, refused.Message)),
        Application.InvalidInputException invalid => InvalidArgument([.. invalid.Errors, .. invalid.PolicyErrors.Select(e => new FieldError($"document:{e.Line}:{e.Path}", e.Message))]),
        _ => new(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, refused.Message)),
    };

    public static RpcException NotFound(string message) => new(new global::Grpc.Core.Status(StatusCode.NotFound, message));

    public static RpcException Overloaded(OverloadedException cause) => new(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, cause.Message));

    /// <summary>Storage or the cluster failed: nothing was acknowledged, and the same call may be retried.</summary>
    public static RpcException Unavailable(Exception cause) =>
        new(new global::Grpc.Core.Status(StatusCode.Unavailable, $"not acknowledged, retry with the same eventId: {cause.GetType().Name}: {cause.Message}"));
}

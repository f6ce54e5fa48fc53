using Google.Protobuf;
using GraphQL.Types;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Every endpoint of both APIs, enumerated from the proto's descriptor and the served GraphQL schema,
/// with arguments filled in for a given tenant: the matrices of access and input checks are built from it,
/// so a new endpoint joins them by itself.
/// </summary>
public static class EndpointMatrix
{
    /// <summary>
    /// Calls a gRPC method by name with a request whose tenant, ids and times are filled in: the status,
    /// a stream's first ack code, and the fields an error names (a status's bad-request details, or the ack's errors).
    /// </summary>
    public static async Task<(StatusCode? Code, string? AckCode, IReadOnlyList<string> Fields)> CallAsync(GrpcChannel channel, string name, string? token, string tenant, bool authenticationOff = false)
    {
        var method = JourneyService.Descriptor.FindMethodByName(name);
        var request = method.InputType.Parser.ParseFrom(ByteString.Empty);
        foreach (var (field, value) in new[] { ("tenant", tenant), ("customer_id", "x"), ("case_id", "x"), ("event_id", "e-1"), ("occurred_at", "2026-03-02T10:00:00+01:00"), ("to", "2026-03-02T10:00:00+01:00") })
        {
            method.InputType.FindFieldByName(field)?.Accessor.SetValue(request, value);
        }

        var marshallerIn = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes));
        var marshallerOut = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var grpcMethod = new Method<IMessage, IMessage>(type, JourneyService.Descriptor.FullName, name, marshallerIn, marshallerOut);
        var headers = token is null ? new Metadata() : new Metadata { { "authorization", $"Bearer {token}" } };
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(10));
        var invoker = channel.CreateCallInvoker();
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(grpcMethod, null, options, request).ResponseAsync;
                    return (StatusCode.OK, null, []);
                case MethodType.ServerStreaming:
                    using (var stream = invoker.AsyncServerStreamingCall(grpcMethod, null, options, request))
                    {
                        await stream.ResponseStream.MoveNext(CancellationToken.None);
                    }

                    return (StatusCode.OK, null, []);
                default:
                    using (var duplex = invoker.AsyncDuplexStreamingCall(grpcMethod, null, options))
                    {
                        // Without a token the server refuses the call before it reads anything: writing then
                        // races the refusal (the client may see its own write cancelled), so only read.
                        if (token is not null || authenticationOff)
                        {
                            await duplex.RequestStream.WriteAsync(request);
                            await duplex.RequestStream.CompleteAsync();
                        }

                        await duplex.ResponseStream.MoveNext(CancellationToken.None);
                        var ack = (PushAck)duplex.ResponseStream.Current;
                        return (StatusCode.OK, ack.Code, [.. ack.Errors.Select(e => e.Field)]);
                    }
            }
        }
        catch (RpcException exception)
        {
            var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
            return (exception.StatusCode, null, violations is null ? [] : [.. violations.Select(v => v.Field)]);
        }
    }

    public static bool TakesTenant(GraphQL.Types.FieldType field) =>
        field.Arguments?.Any(a => a.Name is "tenant" or "input") == true;

    public static string Arguments(GraphQL.Types.FieldType field, string tenant)
    {
        if (field.Arguments is not { Count: > 0 } arguments)
        {
            return "";
        }

        var values = arguments.Select(argument => argument.Name switch
        {
            "tenant" => $"tenant: \"{tenant}\"",
            "input" => $"input: {{ eventId: \"e-1\", tenant: \"{tenant}\", customerId: \"x\", type: WEB_VISIT, occurredAt: \"2026-03-02T10:00:00+01:00\" }}",
            "to" => "to: \"2026-03-02T10:00:00+01:00\"",
            "team" => "team: SALES",
            "channel" => "channel: EMAIL",
            "first" => "first: 1",
            "from" => "from: \"2026-03-01T10:00:00+01:00\"",
            "sample" => "sample: 0.5",
            "debtorType" => "debtorType: CONSUMER",
            _ => $"{argument.Name}: \"x\"",
        });
        return $"({string.Join(", ", values)})";
    }

    public static string Selection(GraphQL.Types.FieldType field)
    {
        var type = field.ResolvedType;
        while (type is IProvideResolvedType wrapper)
        {
            type = wrapper.ResolvedType;
        }

        return type is IObjectGraphType ? " { __typename }" : "";
    }
}

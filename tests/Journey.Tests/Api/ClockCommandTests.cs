using Google.Rpc;
using Grpc.Core;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>
/// advanceClock / AdvanceClock are one command behind both APIs: on a host whose business clock is
/// the system clock, a bad instant is refused naming the field and a good one is refused as a failed
/// precondition, alike in gRPC and GraphQL, and the clock does not move.
/// </summary>
[Collection(JourneyHostCollection.Name)]
public class ClockCommandTests(JourneyHostFixture host)
{
    private const string NotSimulated = "the business clock is the system clock; start the silo with Journey:Clock=Simulated";

    [Fact]
    public async Task On_the_system_clock_both_APIs_refuse_an_advance_alike()
    {
        var client = new JourneyService.JourneyServiceClient(host.Grpc);

        var bad = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceClockAsync(new AdvanceClockRequest { To = "2026-03-01" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("to", Assert.Single(bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceClockAsync(new AdvanceClockRequest { To = "2030-01-01T00:00:00+01:00" }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, NotSimulated), (refused.StatusCode, refused.Status.Detail));

        var graphBad = await host.GraphQLAsync("mutation { advanceClock(to: \"2026-03-01\") { now } }");
        Assert.Equal(("INVALID_ARGUMENT", "to"), (graphBad["errors"]![0]!["extensions"]!["code"]!.GetValue<string>(), graphBad["errors"]![0]!["extensions"]!["field"]!.GetValue<string>()));

        var graphRefused = await host.GraphQLAsync("mutation { advanceClock(to: \"2030-01-01T00:00:00+01:00\") { now } }");
        Assert.Equal(("FAILED_PRECONDITION", NotSimulated), (graphRefused["errors"]![0]!["extensions"]!["code"]!.GetValue<string>(), graphRefused["errors"]![0]!["message"]!.GetValue<string>()));

        var clock = await client.GetClockAsync(new GetClockRequest());
        Assert.Equal("SYSTEM", clock.Mode);
        Assert.True(Domain.IsoTime.TryParseInstant(clock.Now, out var now) && now.Year < 2030);
    }
}

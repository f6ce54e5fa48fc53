using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>A host with small in-flight limits, so a flood from one test overloads it.</summary>
public sealed class SmallLimitsHostFixture : JourneyHostFixture
{
    protected override IEnumerable<string> ExtraArguments =>
        [.. base.ExtraArguments, "--Journey:Api:SiloInFlightLimit=2", "--Journey:Api:OverloadWait=00:00:00", "--Journey:Api:GraphQLConcurrencyLimit=2"];
}

/// <summary>Runs alone: it weighs the managed heap, which tests running beside it would add to.</summary>
[Collection(Durability.SiloKillCollection.Name)]
public class BackPressureTests(SmallLimitsHostFixture host) : IClassFixture<SmallLimitsHostFixture>
{
    [Fact]
    public async Task A_flood_is_refused_with_RESOURCE_EXHAUSTED_and_429_memory_stays_bounded_and_the_service_recovers()
    {
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        var statuses = new List<StatusCode>();
        var httpStatuses = new List<HttpStatusCode>();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var wave = 0; wave < 3; wave++)
        {
            var grpc = Enumerable.Range(0, 400).Select(async i =>
            {
                try
                {
                    await client.PushAsync(Touchpoint($"flood-{wave}-{i % 40}", $"flood-{wave}-{i}"));
                    return StatusCode.OK;
                }
                catch (RpcException exception)
                {
                    return exception.StatusCode;
                }
            });
            var graphql = Enumerable.Range(0, 100).Select(async i =>
            {
                using var response = await host.Http.PostAsJsonAsync("/graphql", new { query = "{ clock { now } }" });
                return response.StatusCode;
            });
            statuses.AddRange(await Task.WhenAll(grpc));
            httpStatuses.AddRange(await Task.WhenAll(graphql));
        }

        GC.Collect();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Contains(StatusCode.ResourceExhausted, statuses);
        Assert.Contains(StatusCode.OK, statuses);
        Assert.All(statuses, s => Assert.True(s is StatusCode.OK or StatusCode.ResourceExhausted, $"unexpected {s}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, httpStatuses);
        Assert.All(httpStatuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {s}"));
        Assert.True(after - before < 64 * 1024 * 1024, $"managed memory grew by {(after - before) / 1024 / 1024} MiB over the flood");

        var calm = await client.PushAsync(Touchpoint("after-the-flood", "calm"));
        Assert.False(calm.Duplicate);
    }

    private static Journey.Api.V1.Touchpoint Touchpoint(string customer, string eventId) => new()
    {
        EventId = eventId,
        Tenant = "webshop",
        CustomerId = customer,
        Type = TouchpointType.WebVisit,
        OccurredAt = "2026-03-02T10:00:00+01:00",
    };
}

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
            statuses.AddRange(await Task.WhenAll(grpc));
            httpStatuses.AddRange(await GraphQLWhileBothPermitsAreHeldAsync());
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

    /// <summary>
    /// Two requests whose bodies have not finished arriving hold both GraphQL permits, so the
    /// refusal does not depend on how fast the machine answers a small query. A probe that races a
    /// held request to the server may take a permit first and get that one refused: a refused held
    /// request is replaced until both hold.
    /// </summary>
    private async Task<List<HttpStatusCode>> GraphQLWhileBothPermitsAreHeldAsync()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage> Hold() => host.Http.PostAsync("/graphql", new StalledBody("""{"query":"{ clock { now } }"}""", release.Task));
        var held = new List<Task<HttpResponseMessage>> { Hold(), Hold() };

        var statuses = new List<HttpStatusCode>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var refused = false;
        while (!refused && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            for (var i = 0; i < held.Count; i++)
            {
                if (held[i].IsCompleted)
                {
                    statuses.Add(await StatusOf(held[i]));
                    held[i] = Hold();
                }
            }

            using var probe = await host.Http.PostAsJsonAsync("/graphql", new { query = "{ clock { now } }" });
            statuses.Add(probe.StatusCode);
            refused = probe.StatusCode == HttpStatusCode.TooManyRequests && held.All(h => !h.IsCompleted);
        }

        release.SetResult();
        foreach (var request in held)
        {
            statuses.Add(await StatusOf(request));
        }

        Assert.True(refused, "the probe was never refused while both permits were held");
        return statuses;
    }

    // A request refused while its body is still being sent may see the connection closed under it.
    private static async Task<HttpStatusCode> StatusOf(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request;
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return HttpStatusCode.TooManyRequests;
        }
    }

    private sealed class StalledBody : HttpContent
    {
        private readonly string json;
        private readonly Task release;

        public StalledBody(string json, Task release)
        {
            this.json = json;
            this.release = release;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
            await stream.WriteAsync(bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
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

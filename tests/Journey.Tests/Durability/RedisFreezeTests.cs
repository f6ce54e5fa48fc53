using Grpc.Core;
using Journey.Api.V1;
using Journey.Grains;
using Journey.Storage;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Tests.Durability;

/// <summary>Redis frozen with SIGSTOP in the middle of a stream: no touchpoint is acknowledged before its write is.</summary>
public sealed class RedisFreezeTests(RedisStorageFixture host) : IClassFixture<RedisStorageFixture>
{
    [Fact]
    public async Task While_Redis_is_frozen_nothing_is_acknowledged_and_after_it_resumes_everything_is_once()
    {
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        static Journey.Api.V1.Touchpoint Visit(string customer, string suffix) => Sample.Pushed(customer, suffix, TouchpointType.WebVisit, Journey.Api.V1.Channel.Web);
        var store = (RedisCustomerStore)host.Services.GetRequiredService<Journey.Grains.Storage.ICustomerStore>();
        var customers = Enumerable.Range(0, 20).Select(_ => Sample.NewId("c")).ToArray();
        foreach (var customer in customers)
        {
            await client.PushAsync(Visit(customer, "first"));
        }

        await host.Redis.SignalAsync("STOP");
        Task<PushReceipt>[] pushes;
        try
        {
            pushes = [.. customers.Select(c => client.PushAsync(Visit(c, "frozen"), deadline: DateTime.UtcNow.AddSeconds(60)).ResponseAsync)];

            // The writes have reached the group committer and wait for Redis: from here on an ack could only be one sent before its write.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (store.PendingWrites < customers.Length && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.True(store.PendingWrites >= customers.Length, $"only {store.PendingWrites} writes reached the committer");
            Assert.All(pushes, p => Assert.False(p.IsCompleted, "a touchpoint was answered while its write could not have been made"));
        }
        finally
        {
            await host.Redis.SignalAsync("CONT");
        }

        // Resumed within the client's time-out: each write commits once, and the answers follow.
        var receipts = await Task.WhenAll(pushes.Select(async p =>
        {
            try
            {
                return await p;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable)
            {
                return null;
            }
        }));
        foreach (var (customer, receipt) in customers.Zip(receipts))
        {
            var again = await client.PushAsync(Visit(customer, "frozen"));
            var read = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
            Assert.Equal((2L, 2L), (read.Version, read.TimelineCount));
            if (receipt is not null)
            {
                // Acknowledged after the resume: the resend is a duplicate. (Refused ones may or may not have landed; the resend settles it, once.)
                Assert.True(again.Duplicate);
            }
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Durability;

/// <summary>Three silo processes started the way the README shows form one cluster, and every silo serves every customer.</summary>
[Collection(SiloKillCollection.Name)]
public class ClusterTests
{
    [Fact]
    public async Task Three_silos_form_one_cluster_and_GraphQL_and_gRPC_on_any_silo_reach_the_same_customer()
    {
        await using var redis = await RedisServer.StartAsync();
        var policies = Directory.CreateTempSubdirectory("journey-policies-").FullName;
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Create(
            "--Journey:Storage=Redis", "--Journey:Clustering=Redis", $"--Journey:Redis={redis.ConnectionString}",
            "--Journey:ClusterId=readme-cluster", $"--Journey:Policies={policies}")).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => s.StartAsync()));
            await Until.MatchAsync(silos[0].ActiveSilosAsync, n => n == 3, TimeSpan.FromSeconds(30), "three silos did not form one cluster", TimeSpan.FromMilliseconds(100));

            Assert.Equal(3, await silos[2].ActiveSilosAsync());

            var customers = Enumerable.Range(0, 30).Select(i => $"shared-{i}").ToList();
            using var first = GrpcChannel.ForAddress($"http://127.0.0.1:{silos[0].GrpcPort}");
            foreach (var customer in customers)
            {
                await new JourneyService.JourneyServiceClient(first).PushAsync(new Journey.Api.V1.Touchpoint
                {
                    EventId = $"{customer}-inv", Tenant = "webshop", CustomerId = customer, CaseId = $"{customer}-case", Type = TouchpointType.InvoiceIssued,
                    OccurredAt = "2026-03-02T10:00:00+01:00", Amount = "70.00", Currency = "EUR", DueDate = "2026-03-20",
                });
            }

            // A payment through the second silo, read back through the third over gRPC and the first over GraphQL.
            using var second = GrpcChannel.ForAddress($"http://127.0.0.1:{silos[1].GrpcPort}");
            using var third = GrpcChannel.ForAddress($"http://127.0.0.1:{silos[2].GrpcPort}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silos[0].HttpPort}") };
            foreach (var customer in customers)
            {
                await new JourneyService.JourneyServiceClient(second).PushAsync(new Journey.Api.V1.Touchpoint
                {
                    EventId = $"{customer}-pay", Tenant = "webshop", CustomerId = customer, CaseId = $"{customer}-case", Type = TouchpointType.PaymentReceived,
                    OccurredAt = "2026-03-03T10:00:00+01:00", Amount = "20.00", Currency = "EUR",
                });
                var viaGrpc = await new JourneyService.JourneyServiceClient(third).GetCaseAsync(new GetCaseRequest { Tenant = "webshop", CaseId = $"{customer}-case" });
                Assert.Equal("50.00", viaGrpc.AmountDue);

                using var response = await http.PostAsJsonAsync("/graphql", new { query = $"{{ customer(tenant: \"webshop\", id: \"{customer}\") {{ version cases {{ amountDue }} }} }}" });
                var data = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["customer"]!;
                Assert.Equal((2, 50.00m), (data["version"]!.GetValue<int>(), data["cases"]![0]!["amountDue"]!.GetValue<decimal>()));
            }
        }
        finally
        {
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}

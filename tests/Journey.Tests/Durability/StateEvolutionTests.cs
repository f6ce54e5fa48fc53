using Azure.Storage.Blobs;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Durability;

/// <summary>
/// State written before the rules existed (no actions, no ladder, no action sequence) — committed as
/// StateFiles/, uploaded under the blob names Journey's own Azure Blob provider used — reads through
/// the official provider, and the engine carries it on.
/// </summary>
public class StateEvolutionTests(AzureBlobStorageFixture host) : IClassFixture<AzureBlobStorageFixture>
{
    [Fact]
    public async Task A_customer_stored_by_an_earlier_version_reads_and_moves_on()
    {
        // The container is named after the service id ("journey" by default).
        var container = new BlobContainerClient(host.Azurite.ConnectionString, "journey");
        await container.CreateIfNotExistsAsync();
        var files = Path.Combine(Repository.Root, "tests", "Journey.Tests", "Durability", "StateFiles");
        await container.GetBlobClient("customer-customer/webshop/legacy-1.json").UploadAsync(Path.Combine(files, "customer-before-rules.json"), overwrite: true);
        await container.GetBlobClient("case-link-case/webshop/legacy-1-inv.json").UploadAsync(Path.Combine(files, "case-link-before-rules.json"), overwrite: true);
        var client = new JourneyService.JourneyServiceClient(host.Grpc);

        var old = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = "legacy-1" });

        Assert.Equal((3L, 3L), (old.Version, old.TimelineCount));
        Assert.Equal(("50.00", true, "wrong size delivered"), (old.Cases[0].AmountDue, old.Cases[0].OnHold, old.Cases[0].HoldReason));
        Assert.Empty(old.Actions);

        var receipt = await client.PushAsync(new Journey.Api.V1.Touchpoint
        {
            EventId = "legacy-1-resolved", Tenant = "webshop", CustomerId = "legacy-1", CaseId = "legacy-1-inv",
            Type = TouchpointType.ComplaintResolved, OccurredAt = "2026-03-01T10:00:00+01:00",
            Attributes = { new Journey.Api.V1.Attribute { Key = "reference", Value = "legacy-1-complaint" } },
        });
        var duplicate = await client.PushAsync(new Journey.Api.V1.Touchpoint
        {
            EventId = "legacy-1-pay", Tenant = "webshop", CustomerId = "legacy-1", CaseId = "legacy-1-inv",
            Type = TouchpointType.PaymentReceived, OccurredAt = "2026-02-15T09:00:00+01:00", Amount = "30.00", Currency = "EUR",
        });

        Assert.Equal(4, receipt.Version);
        Assert.True(duplicate.Duplicate);
        var now = await client.GetCaseAsync(new GetCaseRequest { Tenant = "webshop", CaseId = "legacy-1-inv" });
        Assert.Equal(("50.00", false), (now.AmountDue, now.OnHold));
    }
}

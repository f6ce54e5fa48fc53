using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Preview;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

/// <summary>A preview's life on a two-silo cluster: progress, cancellation, and every listed customer replayed.</summary>
[Collection(ClusterCollection.Name)]
public class PolicyPreviewGrainTests(ClusterFixture fixture)
{
    private const string Draft = """
        timeZone: Europe/Amsterdam
        ladder:
          - id: only-letter
            after: P3D
            kind: FINAL_NOTICE
            channel: LETTER
        """;

    private async Task<string> TenantWithCustomersAsync(int customers)
    {
        var tenant = NewId("t");
        await Task.WhenAll(Enumerable.Range(0, customers).Select(i =>
        {
            var id = $"c{i:D3}";
            var invoice = Touchpoint(id, TouchpointType.INVOICE_ISSUED, $"inv-{id}", 50m + i, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30))) with { Tenant = tenant };
            return fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id)).Ingest([invoice]);
        }));
        return tenant;
    }

    private static Task<PreviewReport> UntilDoneAsync(IPolicyPreviewGrain preview) =>
        Until.MatchAsync(async () => (await preview.Report())!, r => r.Status != PreviewStatus.RUNNING, TimeSpan.FromSeconds(60), "the preview was still running", TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task A_preview_reports_progress_and_stops_when_cancelled_keeping_what_it_found()
    {
        var tenant = await TenantWithCustomersAsync(40);
        var request = new PreviewRequest(tenant, Draft, DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow, null);

        var cancelled = fixture.Grains.GetGrain<IPolicyPreviewGrain>(PolicyPreviews.Key(tenant, "first"));
        Assert.Equal(PreviewStatus.RUNNING, (await cancelled.Start(request)).Status);
        await Until.MatchAsync(async () => (await cancelled.Report())!, r => r.CustomersReplayed > 0, TimeSpan.FromSeconds(30), "the preview replayed nobody", TimeSpan.FromMilliseconds(10));

        await cancelled.Cancel();
        var stopped = await UntilDoneAsync(cancelled);
        Assert.Equal(PreviewStatus.CANCELLED, stopped.Status);
        Assert.InRange(stopped.CustomersReplayed, 1, 39);
        Assert.NotNull(stopped.FinishedAt);

        var completed = await UntilDoneAsync(await StartAsync(tenant, "second", request));
        Assert.Equal(PreviewStatus.COMPLETED, completed.Status);
        Assert.Equal((40, 40), (completed.CustomersListed, completed.CustomersReplayed));
        Assert.Equal(40, completed.TouchpointsReplayed);
    }

    [Fact]
    public async Task A_sample_replays_a_stable_fraction_of_the_customers()
    {
        var tenant = await TenantWithCustomersAsync(60);
        var request = new PreviewRequest(tenant, Draft, DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow, 0.5);

        var first = await UntilDoneAsync(await StartAsync(tenant, "a", request));
        var second = await UntilDoneAsync(await StartAsync(tenant, "b", request));
        Assert.Equal(PreviewStatus.COMPLETED, first.Status);
        Assert.InRange(first.CustomersReplayed, 15, 45);
        Assert.Equal(first.CustomersReplayed, second.CustomersReplayed);
        Assert.Equal(first.Differences.Select(d => d.CustomerId), second.Differences.Select(d => d.CustomerId));
    }

    private async Task<IPolicyPreviewGrain> StartAsync(string tenant, string id, PreviewRequest request)
    {
        var grain = fixture.Grains.GetGrain<IPolicyPreviewGrain>(PolicyPreviews.Key(tenant, id));
        await grain.Start(request);
        return grain;
    }
}

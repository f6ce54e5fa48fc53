using Journey.Grains.Audit;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

/// <summary>A trail longer than several pages: read back whole and in order by cursor, and redacted in every page.</summary>
[Collection(ClusterCollection.Name)]
public class AuditTrailGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_trail_of_several_pages_reads_back_newest_first_by_cursor_and_an_erasure_reaches_every_page()
    {
        var trail = fixture.Grains.GetGrain<IAuditTrailGrain>(NewId("trail"));
        const int lines = AuditTrailGrain.PageSize * 2 + 89;
        for (var i = 1; i <= lines; i++)
        {
            var customer = i % 100 == 0 ? "gone" : $"c{i}";
            var entry = await trail.Record(new AuditRecord(DateTimeOffset.UnixEpoch.AddMinutes(i), "alice", AuditActions.CustomerExported, $"customer {customer}", customer));
            Assert.Equal(i, entry.Sequence);
        }

        // Pages of 70 by cursor: every line once, newest first (hand table: 601, 600, …, 1).
        var read = new List<AuditEntry>();
        long? before = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await trail.Page(70, before);
            read.AddRange(page);
            if (page.Length < 70)
            {
                break;
            }

            before = page[^1].Sequence;
        }

        Assert.Equal(Enumerable.Range(1, lines).Reverse().Select(i => (long)i), read.Select(e => e.Sequence));

        await trail.Redact("gone");
        var all = await trail.Page(lines, null);
        Assert.Equal(lines, all.Length);
        Assert.Equal(6, all.Count(e => e.Subject == "customer (erased)" && e.CustomerId is null));
        Assert.DoesNotContain(all, e => e.CustomerId == "gone" || e.Subject.Contains("gone", StringComparison.Ordinal));
        Assert.Equal("customer c601", all[0].Subject);
    }
}

using System.Reflection;

namespace Journey.Tests.Api;

/// <summary>
/// Which assembly may use which: the API is a client of the cluster (grain interfaces and the records
/// they exchange, in Journey.Abstractions), never of grain implementations or storage, so it can run
/// in a host without a silo; the abstractions describe grains without the runtime; the domain knows
/// nothing of Orleans at all. Guards against a reference that would tie them back together.
/// </summary>
public class LayeringTests
{
    private static readonly Assembly Api = typeof(Journey.Api.Ingest.IngestGateway).Assembly;
    private static readonly Assembly Abstractions = typeof(Journey.Grains.ICustomerGrain).Assembly;
    private static readonly Assembly Domain = typeof(Journey.Domain.CustomerState).Assembly;

    private static string[] ReferencesOf(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_API_references_the_abstractions_and_neither_the_grains_nor_the_stores()
    {
        var references = ReferencesOf(Api);
        Assert.Contains("Journey.Abstractions", references);
        Assert.DoesNotContain("Journey.Grains", references);
        Assert.DoesNotContain("Journey.Storage", references);
        Assert.DoesNotContain("Orleans.Runtime", references);
    }

    [Fact]
    public void The_abstractions_reference_the_domain_and_the_Orleans_SDK_only()
    {
        var references = ReferencesOf(Abstractions);
        Assert.Equal("Journey.Abstractions", Abstractions.GetName().Name);
        Assert.Contains("Journey.Domain", references);
        var outside = references.Where(name => name.StartsWith("Journey.", StringComparison.Ordinal) && name != "Journey.Domain"
            || name is "Orleans.Runtime" or "Orleans.Reminders" or "Orleans.Persistence.Memory" or "StackExchange.Redis");
        Assert.Empty(outside);
    }

    [Fact]
    public void The_domain_references_nothing_of_Orleans_or_the_rest_of_Journey()
    {
        var references = ReferencesOf(Domain);
        Assert.DoesNotContain(references, name => name.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("Journey.", StringComparison.Ordinal));
    }
}

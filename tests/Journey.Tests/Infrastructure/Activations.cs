using Orleans;
using Orleans.Runtime;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Whether a grain has an activation, from the cluster's management grain: a test that deactivates
/// everything sees the grain's activation gone, and its next call makes a new one.
/// </summary>
public static class Activations
{
    public static Task<int> CountAsync(IGrainFactory grains, IAddressable grain) =>
        grains.GetGrain<IManagementGrain>(0).GetGrainActivationCount((GrainReference)grain);

    /// <summary>Waits until the grain has no activation left (deactivation runs after the call that asked for it answers).</summary>
    public static Task GoneAsync(IGrainFactory grains, IAddressable grain) =>
        Until.TrueAsync(async () => await CountAsync(grains, grain) == 0, TimeSpan.FromSeconds(30), "the grain kept its activation");
}

using Orleans.Runtime;

namespace Journey.Abstractions;

/// <summary>
/// Grain references for the grains called once per touchpoint, without the per-call type lookup:
/// <c>GetGrain&lt;T&gt;(key)</c> resolves the interface and grain type by reflection on every call, a
/// measurable share of the ingest path. The types are resolved once per interface and reused.
/// </summary>
public static class GrainReferences
{
    public static ICustomerGrain Customer(this IGrainFactory grains, string customerKey) => Typed<ICustomerGrain>.Get(grains, customerKey);

    public static ICustomerGrain Customer(this IGrainFactory grains, string tenant, string customerId) => grains.Customer(GrainKeys.Of(tenant, customerId));

    private static class Typed<T>
        where T : IGrainWithStringKey
    {
        private static (GrainType Type, GrainInterfaceType Interface)? _types;

        public static T Get(IGrainFactory grains, string key)
        {
            if (_types is not { } types)
            {
                // Any key resolves the same types; a benign race resolves them twice.
                var probe = (GrainReference)(object)grains.GetGrain<T>(key);
                _types = (probe.GrainId.Type, probe.InterfaceType);
                return (T)(object)probe;
            }

            return (T)grains.GetGrain(GrainId.Create(types.Type, key), types.Interface);
        }
    }
}

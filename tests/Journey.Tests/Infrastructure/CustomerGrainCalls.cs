using System.Threading;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Counts calls that reach customer grains on behalf of a probe: a caller sets <see cref="Probe"/> in its
/// request context, Orleans carries it along every call the request causes, and each customer grain
/// call made under it is counted here.
/// </summary>
public sealed class CustomerGrainCalls : IIncomingGrainCallFilter
{
    public const string Probe = "journey.test.probe";

    private static long _count;

    public static long Count => Interlocked.Read(ref _count);

    public static void Reset() => Interlocked.Exchange(ref _count, 0);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(Probe) is not null && context.InterfaceName.EndsWith(".ICustomerGrain", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }

        return context.Invoke();
    }
}

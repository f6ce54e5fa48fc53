using System.Collections.Concurrent;

namespace Journey.Tests.Infrastructure;

/// <summary>
/// Counts the grain calls customer grains make to Journey's grains, by target interface: what a
/// touchpoint costs besides its own call. (Orleans' own calls, such as registering a new activation in
/// its grain directory, are part of activating a grain and are not counted.)
/// </summary>
public sealed class AckPathCalls : IOutgoingGrainCallFilter
{
    public static ConcurrentDictionary<string, long> FromCustomers { get; } = new(StringComparer.Ordinal);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.SourceId is { } source && source.Type.ToString() == "customer" && context.InterfaceName.StartsWith("Journey.", StringComparison.Ordinal))
        {
            FromCustomers.AddOrUpdate(context.InterfaceName, 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}

using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>A tenant's worklist for a team, read from its shards alone (no customer is called), in the worklist's order.</summary>
public static class WorklistQuery
{
    public static async Task<ImmutableArray<WorklistEntry>> ReadAsync(IGrainFactory grains, string tenant, Team team, DateTimeOffset now, DateOnly today)
    {
        var shards = await Task.WhenAll(WorklistIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<IWorklistShardGrain>(key).Items(team, now, today)));
        return [.. WorklistRules.Ordered(shards.SelectMany(entries => entries), e => e.Item, today)];
    }

    /// <summary>Items taken and completed per team and agent, from the shards alone; most completed first.</summary>
    public static async Task<ImmutableArray<AgentWork>> WorkAsync(IGrainFactory grains, string tenant)
    {
        var shards = await Task.WhenAll(WorklistIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<IWorklistShardGrain>(key).Work()));
        return [.. shards.SelectMany(work => work)
            .GroupBy(w => w.Key, StringComparer.Ordinal)
            .Select(g => (Key: g.Key.Split('|', 2), Taken: g.Sum(w => w.Value.Taken), Completed: g.Sum(w => w.Value.Completed)))
            .Where(w => w.Key.Length == 2 && Enum.TryParse<Team>(w.Key[0], out _))
            .Select(w => new AgentWork(Enum.Parse<Team>(w.Key[0]), w.Key[1], w.Taken, w.Completed))
            .OrderBy(w => w.Team).ThenByDescending(w => w.Completed).ThenBy(w => w.Agent, StringComparer.Ordinal)];
    }

    public static string WorkKey(WorklistItem item, string agent) => $"{(item.Team is { } team ? team : WorklistRules.TeamsOf(item.Kind)[0])}|{agent}";

    public static IWorklistShardGrain ShardOf(IGrainFactory grains, string tenant, string itemId) =>
        grains.GetGrain<IWorklistShardGrain>(WorklistIndex.ShardKey(tenant, WorklistRules.CustomerOf(itemId) ?? throw new ArgumentException($"'{itemId}' is not a worklist item id", nameof(itemId))));
}

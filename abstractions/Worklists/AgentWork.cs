using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>What one agent of one team worked, summed over the tenant's worklist shards.</summary>
public sealed record AgentWork(Team Team, string Agent, long Taken, long Completed);

using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Domain.Tests;

/// <summary>Who decided an action, as both APIs show it: a team's booked contact names the team, a ladder step (even one a team's contact caused) is the rules'.</summary>
public class DecidedByTests
{
    [Theory]
    [InlineData(null, null, "rules")]
    [InlineData(null, "reminder-1", "rules")]
    [InlineData(Team.SERVICE, null, "team:SERVICE")]
    [InlineData(Team.COLLECTION, null, "team:COLLECTION")]
    [InlineData(Team.SALES, "reminder-2", "rules")]
    public void Decided_by_the_team_that_booked_it_or_by_the_rules(Team? team, string? stepId, string expected) =>
        Assert.Equal(expected, new OutboundAction { Team = team, StepId = stepId }.DecidedBy());
}

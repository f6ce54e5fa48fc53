using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class ErasureTests
{
    private static readonly DateTimeOffset Now = Start.AddDays(30);

    [Fact]
    public void An_erased_customer_keeps_only_its_key_the_moment_and_a_higher_version()
    {
        var state = Empty.Apply(
            Invoice("order-1", 100m),
            Make(TouchpointType.COMPLAINT_OPENED, "order-1", at: Start.AddHours(1), attributes: ("reason", "broken")),
            Make(TouchpointType.CONSENT_CHANGED, channel: Channel.SMS, at: Start.AddHours(2), attributes: ("granted", "false")));

        var (tombstone, erased) = Erasure.Erase(state, Now);

        Assert.Equal((Tenant, Customer, state.Version + 1, Now), (tombstone.Tenant, tombstone.CustomerId, tombstone.Version, tombstone.ErasedAt));
        Assert.False(tombstone.Exists);
        Assert.True(tombstone.Erased);
        Assert.Empty(tombstone.Timeline);
        Assert.Empty(tombstone.Cases);
        Assert.Empty(tombstone.Holds);
        Assert.Empty(tombstone.Consents);
        Assert.Equal(0, tombstone.TimelineCount);
        Assert.Equal((3L, 1), (erased.Touchpoints, erased.Cases));
        Assert.Equal(["order-1"], erased.CaseIds.AsEnumerable());
    }

    [Fact]
    public void A_fresh_record_after_erasure_knows_nothing_of_the_old_one_and_keeps_versions_rising()
    {
        var state = Empty.Apply(Invoice("order-1", 100m, eventId: "inv-1"));
        var (tombstone, _) = Erasure.Erase(state, Now);

        var fresh = Erasure.Fresh(tombstone);
        var again = CustomerJourney.Apply(fresh, Invoice("order-1", 100m, eventId: "inv-1"), JourneySettings.Default);

        Assert.Equal(ApplyStatus.Accepted, again.Status);
        Assert.Equal(tombstone.Version, fresh.Version);
        Assert.Null(fresh.ErasedAt);
    }

    [Fact]
    public void Contact_with_an_erased_customer_is_denied_with_the_reason()
    {
        var (tombstone, _) = Erasure.Erase(Empty.Apply(Invoice("order-1", 100m)), Now);
        var policy = PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy!;

        var (decision, after) = ContactRequests.Decide(tombstone, policy, Team.SALES, Channel.EMAIL, "offer", Now);

        Assert.Equal(ContactOutcome.DENIED, decision.Outcome);
        Assert.Contains(Reasons.CustomerErased, decision.Reasons);
        Assert.Same(tombstone, after);
    }

    [Theory]
    [InlineData("privacy:\n  afterErasure: FRESH\n", AfterErasure.FRESH)]
    [InlineData("timeZone: Europe/Amsterdam\n", AfterErasure.REFUSE)]
    public void The_policy_says_what_a_late_touchpoint_does(string document, AfterErasure expected) =>
        Assert.Equal(expected, PolicyParser.Parse("t", document).Policy!.Privacy.AfterErasure);

    [Fact]
    public void An_unknown_afterErasure_is_an_error_with_its_line_and_path()
    {
        var result = PolicyParser.Parse("t", "timeZone: Europe/Amsterdam\nprivacy:\n  afterErasure: SOMETIMES\n");

        Assert.Contains(result.Errors, e => e.Line == 3 && e.Path == "$.privacy.afterErasure");
    }
}

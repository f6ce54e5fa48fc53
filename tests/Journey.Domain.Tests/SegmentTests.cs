using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class SegmentTests
{
    private const string Document = """
        timeZone: Europe/Amsterdam
        segments:
          - id: business
            when: { debtorType: BUSINESS }
          - id: first-time-late
            when: { latePaymentsAtLeast: 1, latePaymentsAtMost: 1 }
          - id: chronic-late
            when: { latePaymentsAtLeast: 2 }
          - id: overdue
            when: { overdue: true }
        ladder:
          - id: reminder
            after: P1D
            kind: REMINDER
            channel: EMAIL
          - id: chronic-call
            after: P1D
            kind: CALL_TASK
            channel: PHONE
            when: { segment: chronic-late }
          - id: letter
            after: P7D
            kind: FINAL_NOTICE
            channel: LETTER
        """;

    private static readonly Policy Policy = PolicyParser.Parse("t", Document).Policy! with { Version = 1 };
    private static readonly DateTimeOffset Later = new(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(2));

    private static CustomerState LatePayer(int cases) => Empty.Apply([.. Enumerable.Range(0, cases).SelectMany(i => new[]
    {
        Invoice($"late-{i}", 50m, new DateOnly(2026, 1, 10), at: Start.AddDays(-60)),
        Make(TouchpointType.PAYMENT_RECEIVED, $"late-{i}", 50m, at: Start.AddDays(-30 + i)),
    })]);

    [Fact]
    public void Segments_follow_the_state_and_are_sorted_by_id()
    {
        Assert.Empty(Segments.Of(Empty, Policy, Later));
        Assert.Equal(["first-time-late"], Segments.Of(LatePayer(1), Policy, Later).AsEnumerable());
        Assert.Equal(["chronic-late"], Segments.Of(LatePayer(2), Policy, Later).AsEnumerable());
        Assert.Equal(["business", "overdue"], Segments.Of(Empty.Apply(Invoice("b", 10m, new DateOnly(2026, 3, 2), debtorType: "BUSINESS")), Policy, Later).AsEnumerable());
    }

    [Fact]
    public void A_ladder_step_for_a_segment_applies_to_its_members_only()
    {
        static IEnumerable<string?> Steps(CustomerState start)
        {
            var state = start.Apply(Invoice("now", 100m, new DateOnly(2026, 3, 2), at: Start));
            var steps = new List<string?>();
            for (var day = 1; day < 20; day++)
            {
                var result = Engine.Decide(state, Policy, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)).AddDays(day));
                state = result.State;
                steps.AddRange(result.Dispatched.Where(a => a.CaseId == "now").Select(a => a.StepId));
            }

            return steps;
        }

        Assert.Equal(["reminder", "chronic-call", "letter"], Steps(LatePayer(2)));
        Assert.Equal(["reminder", "letter"], Steps(LatePayer(1)));
    }

    [Fact]
    public void A_step_naming_an_unknown_segment_is_a_policy_error()
    {
        var result = PolicyParser.Parse("t", "ladder:\n  - id: a\n    after: P1D\n    kind: REMINDER\n    channel: EMAIL\n    when: { segment: nobody }\n");

        Assert.Contains(result.Errors, e => e.Line == 2 && e.Path == "$.ladder[0].when.segment");
    }
}

using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>Drives one customer through the step function the grain calls, waking it when the rules ask, as the scheduler does.</summary>
internal sealed class JourneyDriver(Policy policy, DateTimeOffset start)
{
    private DateTimeOffset? _nextWake;

    public CustomerState State { get; private set; } = Empty;
    public DateTimeOffset Now { get; private set; } = start;
    public List<OutboundAction> Dispatched { get; } = [];

    /// <summary>Called after every step with the state before it and the step's result, for checks that must hold at each moment.</summary>
    public Action<StepResult, DateTimeOffset>? OnStep { get; init; }

    public void Push(Touchpoint touchpoint)
    {
        AdvanceTo(touchpoint.OccurredAt > Now ? touchpoint.OccurredAt : Now, inclusive: false);
        var step = JourneyStep.Touchpoints(State, [touchpoint], policy, Now, JourneySettings.Default);
        Assert.Equal(ApplyStatus.Accepted, step.Outcomes.Single().Status);
        Keep(step);
    }

    public void AdvanceTo(DateTimeOffset until) => AdvanceTo(until, inclusive: true);

    private void AdvanceTo(DateTimeOffset until, bool inclusive)
    {
        // Every wake moves time forward, so this ends; a bound still keeps a fault from hanging the run.
        for (var runs = 0; _nextWake is { } wake && (wake < until || (inclusive && wake == until)); runs++)
        {
            Assert.True(runs < 10_000, $"the rules asked to be woken more than 10,000 times before {until:O}");
            Now = wake > Now ? wake : Now;
            Keep(JourneyStep.Wake(State, policy, Now, JourneySettings.Default));
        }

        Now = until > Now ? until : Now;
        if (inclusive)
        {
            Keep(JourneyStep.Wake(State, policy, Now, JourneySettings.Default));
        }
    }

    private void Keep(StepResult step)
    {
        OnStep?.Invoke(step, Now);
        State = step.State;
        Dispatched.AddRange(step.Effects.Dispatched);
        _nextWake = step.Effects.NextWake;
    }
}

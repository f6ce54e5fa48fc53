using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Domain.Replay;

/// <summary>
/// Runs one customer's recorded touchpoints through the pure core as the live engine did: each
/// touchpoint at the moment it was received (in arrival order), each wake-up at the minute it was
/// due, the rules run after every one. It never touches live state. Because every piece of state is
/// immutable, a replayer forks for free: replay the shared past once, then go on under two policies.
/// </summary>
public sealed class Replayer
{
    private readonly JourneySettings _settings;
    private readonly SortedSet<DateTimeOffset> _wakes;
    private DateTimeOffset? _registered;

    public Replayer(string tenant, string customerId, JourneySettings settings)
        : this(CustomerJourney.Empty(tenant, customerId), settings, [], null, ImmutableArray.CreateBuilder<OutboundAction>())
    {
    }

    private Replayer(CustomerState state, JourneySettings settings, SortedSet<DateTimeOffset> wakes, DateTimeOffset? registered, ImmutableArray<OutboundAction>.Builder dispatched)
    {
        State = state;
        _settings = settings;
        _wakes = wakes;
        _registered = registered;
        Dispatched = dispatched;
    }

    public CustomerState State { get; private set; }

    /// <summary>Every action the rules handed to connectors, in order (with the state it had when dispatched).</summary>
    public ImmutableArray<OutboundAction>.Builder Dispatched { get; }

    /// <summary>When the replay last ran the rules.</summary>
    public DateTimeOffset? Now { get; private set; }

    /// <summary>The order the live engine took touchpoints in: by arrival where recorded, else by when they happened.</summary>
    public static IEnumerable<Touchpoint> InArrivalOrder(IEnumerable<Touchpoint> history) =>
        history.OrderBy(t => t.ReceivedAt ?? t.OccurredAt).ThenBy(t => t.Arrival ?? long.MaxValue).ThenBy(t => t.OccurredAt);

    public Replayer Fork()
    {
        var dispatched = ImmutableArray.CreateBuilder<OutboundAction>();
        dispatched.AddRange(Dispatched);
        return new Replayer(State, _settings, new SortedSet<DateTimeOffset>(_wakes), _registered, dispatched) { Now = Now };
    }

    /// <summary>Runs every wake-up due before <paramref name="moment"/> (or at it, when <paramref name="inclusive"/>), in time order.</summary>
    public void WakeUntil(DateTimeOffset moment, Func<DateTimeOffset, Policy> policyAt, bool inclusive = true)
    {
        while (_wakes.Count > 0 && (_wakes.Min < moment || (inclusive && _wakes.Min == moment)))
        {
            var due = _wakes.Min;
            _wakes.Remove(due);
            var at = Now is { } last && last > due ? last : due;
            if (!State.Exists)
            {
                continue;
            }

            var step = JourneyStep.Wake(State, policyAt(at), at, _settings);
            Now = at;
            Keep(step);

            // The schedule registers whatever the customer answers next.
            _registered = step.Effects.NextWake;
            Register(step.Effects.NextWake);
        }
    }

    /// <summary>Takes one recorded touchpoint in at its arrival: due wake-ups first, then the touchpoint and the rules.</summary>
    public void Receive(Touchpoint touchpoint, Func<DateTimeOffset, Policy> policyAt)
    {
        var at = touchpoint.ReceivedAt ?? touchpoint.OccurredAt;
        WakeUntil(at, policyAt);
        var step = JourneyStep.Touchpoints(State, [touchpoint], policyAt(at), at, _settings);
        if (!step.Changed)
        {
            return;
        }

        Now = at;
        Keep(step);
        if (step.Effects.NextWake != _registered)
        {
            _registered = step.Effects.NextWake;
            Register(step.Effects.NextWake);
        }
    }

    private void Keep(StepResult step)
    {
        State = step.State;
        Dispatched.AddRange(step.Effects.Dispatched);
    }

    // The live schedule keeps customers per minute and wakes them at the start of that minute (or later, never earlier).
    private void Register(DateTimeOffset? due)
    {
        if (due is { } at)
        {
            var minute = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Ceiling(at.ToUnixTimeMilliseconds() / 60_000.0) * 60_000);
            _wakes.Add(minute);
        }
    }
}

using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>Early warning and segments: the risk level's preventive contact, and the customer's segments kept current.</summary>
    private sealed partial class Run
    {
        /// <summary>Keeps the customer's segments current, so that ladder steps and the segment index see them.</summary>
        public void AssessSegments()
        {
            var segments = Segments.Of(_state, policy, now);
            if (!segments.SequenceEqual(_state.Segments))
            {
                _state = _state with { Segments = segments };
            }
        }

        /// <summary>A rise of the early-warning level plans the policy's preventive contact (advice or a person), never a dunning step.</summary>
        public void AssessRisk()
        {
            var risk = RiskAssessment.Assess(_state, policy, now);
            if (risk.Level == _state.RiskLevel)
            {
                return;
            }

            var rose = risk.Level > _state.RiskLevel;
            _state = _state with { RiskLevel = risk.Level };
            if (rose && policy.Risk.OnRise is { } rise && risk.Level >= rise.AtLeast)
            {
                Immediate(rise.Action, null, Reasons.RiskRose(risk.Level), [.. risk.Signals.Select(Reasons.RiskSignal)]);
            }
        }
    }
}

using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Journey.Domain.Policies;

public static partial class PolicyParser
{
    /// <summary>Rules that are well-formed one by one but wrong together.</summary>
    private static class Semantics
    {
        public static void Check(Policy policy, YamlMappingNode root, List<PolicyError> errors)
        {
            var ladder = root.Children.TryGetValue(new YamlScalarNode("ladder"), out var node) && node is YamlSequenceNode sequence ? sequence : null;
            int LineOf(int index) => ladder is not null && index < ladder.Children.Count ? (int)ladder.Children[index].Start.Line : 1;

            foreach (var (experiment, i) in policy.Experiments.Select((e, i) => (e, i)).Where(e => e.e.Step.Length > 0 && !policy.Ladder.Any(step => step.Id == e.e.Step)))
            {
                errors.Add(new(1, $"$.experiments[{i}].step", $"'{experiment.Step}' is not a step of the ladder"));
            }

            var reasonCodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reason in policy.Feedback.NonPaymentReasons.Where(r => r.Code.Length > 0 && !reasonCodes.Add(r.Code)))
            {
                errors.Add(new(1, "$.feedback.nonPaymentReasons", $"'{reason.Code}' is listed more than once"));
            }

            var segmentIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var segment in policy.Segments.Where(s => s.Id.Length > 0 && !segmentIds.Add(s.Id)))
            {
                errors.Add(new(1, "$.segments", $"'{segment.Id}' is defined more than once"));
            }

            var handedOver = false;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < policy.Ladder.Length; i++)
            {
                var step = policy.Ladder[i];
                var path = $"$.ladder[{i}]";
                if (!seen.Add(step.Id))
                {
                    errors.Add(new(LineOf(i), path + ".id", $"'{step.Id}' is used by an earlier step"));
                }

                if (handedOver && step.Sender == Sender.CLIENT)
                {
                    errors.Add(new(LineOf(i), path + ".sender", "a step after the handover to collection must have sender AGENCY (the agency names itself, WKI)"));
                }

                if (step.Kind is ActionKind.IN_APP_REMINDER or ActionKind.CONFIRMATION or ActionKind.ADVICE)
                {
                    errors.Add(new(LineOf(i), path + ".kind", $"{step.Kind} is not a dunning step; it belongs under triggers"));
                }

                if (step.When.Segment is { } segment && !policy.Segments.Any(s => s.Id == segment))
                {
                    errors.Add(new(LineOf(i), path + ".when.segment", $"'{segment}' is not one of the policy's segments"));
                }

                handedOver |= step.Kind == ActionKind.HANDOVER_TO_COLLECTION;
                if (step.Sender == Sender.AGENCY && string.IsNullOrWhiteSpace(policy.Agency.WkiNumber) && !errors.Any(e => e.Path == "$.agency.wkiNumber"))
                {
                    errors.Add(new(LineOf(i), "$.agency.wkiNumber", "is required when a step has sender AGENCY (WKI: the agency states its registration number)"));
                }
            }

            if (policy.Wik.TermDays < 14)
            {
                errors.Add(new(1, "$.wik.termDays", "the statutory term is at least 14 days"));
            }

            if (policy.Budget.MaxContacts < 1)
            {
                errors.Add(new(1, "$.budget.maxContacts", "must be at least 1"));
            }

            if (policy.QuietHours.Start == policy.QuietHours.End)
            {
                errors.Add(new(1, "$.quietHours", "start and end must differ"));
            }
        }
    }
}

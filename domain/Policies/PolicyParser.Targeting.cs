using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using YamlDotNet.RepresentationModel;

namespace Journey.Domain.Policies;

public static partial class PolicyParser
{
    /// <summary>The sections that target customers: experiments, segments and the risk score.</summary>
    private sealed partial class Reader
    {
        private ExperimentRule Experiment(YamlNode node, string path)
        {
            var map = Map(node, path, "id", "step", "variants", "paidWithin", "status", "promote");
            foreach (var required in new[] { "id", "step", "variants" }.Where(k => !map.ContainsKey(k)))
            {
                Error(node, $"{path}.{required}", "is required");
            }

            var variants = Sequence(map, "variants", path, (n, p) =>
            {
                var m = Map(n, p, "id", "skip", "kind", "channel", "template");
                if (!m.ContainsKey("id"))
                {
                    Error(n, p + ".id", "is required");
                }

                return new ExperimentVariant
                {
                    Id = String(m, "id", p) ?? "",
                    Skip = Bool(m, "skip", p) ?? false,
                    Kind = EnumValue<ActionKind>(m, "kind", p),
                    Channel = EnumValue<Channel>(m, "channel", p),
                    Template = String(m, "template", p),
                };
            }) ?? [];
            if (map.TryGetValue("variants", out var variantsNode) && variants.Length < 2)
            {
                Error(variantsNode, path + ".variants", "an experiment needs at least two variants");
            }

            var status = String(map, "status", path) ?? "RUNNING";
            if (status is not ("RUNNING" or "STOPPED"))
            {
                Error(map["status"], path + ".status", "is RUNNING or STOPPED");
            }

            var promote = String(map, "promote", path);
            if (promote is not null && !variants.Any(v => v.Id == promote))
            {
                Error(map["promote"], path + ".promote", $"'{promote}' is not one of the variants");
            }

            return new ExperimentRule
            {
                Id = String(map, "id", path) ?? "",
                Step = String(map, "step", path) ?? "",
                Variants = variants,
                PaidWithin = PeriodValue(map, "paidWithin", path) ?? Period.FromDays(14),
                Stopped = status == "STOPPED",
                Promote = promote,
            };
        }

        private SegmentRule Segment(YamlNode node, string path)
        {
            var map = Map(node, path, "id", "when");
            var id = String(map, "id", path);
            if (string.IsNullOrWhiteSpace(id))
            {
                Error(node, path + ".id", "is required");
            }

            var rule = Child(map, "when", path, (n, p) =>
            {
                var m = Map(n, p, "debtorType", "latePaymentsAtLeast", "latePaymentsAtMost", "paysAfter", "overdue", "riskAtLeast");
                return new SegmentRule
                {
                    DebtorType = EnumValue<DebtorType>(m, "debtorType", p),
                    LatePaymentsAtLeast = Int(m, "latePaymentsAtLeast", p),
                    LatePaymentsAtMost = Int(m, "latePaymentsAtMost", p),
                    PaysAfter = EnumValue<Channel>(m, "paysAfter", p),
                    Overdue = Bool(m, "overdue", p),
                    RiskAtLeast = EnumValue<RiskLevel>(m, "riskAtLeast", p),
                };
            }) ?? new SegmentRule();
            return rule with { Id = id ?? "" };
        }

        private RiskRules Risk(YamlNode node, string path)
        {
            var map = Map(node, path, "signals", "levels", "onRise");
            var rules = new RiskRules();
            if (map.TryGetValue("signals", out var signalsNode))
            {
                var signalsPath = $"{path}.signals";
                var signals = Map(signalsNode, signalsPath, "advanceBelowExpected", "withholdingAnnounced", "latePayments", "brokenPromises", "openComplaints", "failedPayments");
                RiskSignalRule? Signal(string key) => Child(signals, key, signalsPath, (n, p) =>
                {
                    var m = Map(n, p, "weight", "count", "window", "ratio");
                    var defaults = new RiskSignalRule();
                    return new RiskSignalRule
                    {
                        Weight = Int(m, "weight", p) ?? defaults.Weight,
                        Count = Int(m, "count", p) ?? defaults.Count,
                        Window = PeriodValue(m, "window", p) ?? defaults.Window,
                        Ratio = Decimal(m, "ratio", p) ?? defaults.Ratio,
                    };
                });
                rules = rules with
                {
                    AdvanceBelowExpected = Signal("advanceBelowExpected"),
                    WithholdingAnnounced = Signal("withholdingAnnounced"),
                    LatePayments = Signal("latePayments"),
                    BrokenPromises = Signal("brokenPromises"),
                    OpenComplaints = Signal("openComplaints"),
                    FailedPayments = Signal("failedPayments"),
                };
            }

            if (map.TryGetValue("levels", out var levelsNode))
            {
                var levelsPath = $"{path}.levels";
                var levels = Map(levelsNode, levelsPath, "low", "medium", "high");
                rules = rules with
                {
                    Low = Int(levels, "low", levelsPath) ?? rules.Low,
                    Medium = Int(levels, "medium", levelsPath) ?? rules.Medium,
                    High = Int(levels, "high", levelsPath) ?? rules.High,
                };
                if (!(rules.Low >= 1 && rules.Low <= rules.Medium && rules.Medium <= rules.High))
                {
                    Error(levelsNode, levelsPath, "must rise: 1 ≤ low ≤ medium ≤ high");
                }
            }

            return rules with
            {
                OnRise = Child(map, "onRise", path, (n, p) =>
                {
                    var m = Map(n, p, "atLeast", "kind", "channel", "template");
                    var kind = EnumValue<ActionKind>(m, "kind", p) ?? ActionKind.ADVICE;
                    if (kind is not (ActionKind.ADVICE or ActionKind.CALL_TASK))
                    {
                        Error(m.GetValueOrDefault("kind") ?? n, $"{p}.kind", "risk routes only to advice or to a person: ADVICE or CALL_TASK, never a dunning step");
                    }

                    return new RiskRise(
                        EnumValue<RiskLevel>(m, "atLeast", p) ?? RiskLevel.MEDIUM,
                        new TriggeredAction(kind, EnumValue<Channel>(m, "channel", p) ?? Channel.EMAIL, String(m, "template", p)));
                }),
            };
        }

        // "off" (or null) disables a trigger.
    }
}

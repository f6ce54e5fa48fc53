using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Journey.Domain.Policies;

/// <summary>One thing wrong with a policy document: where (line, path) and what.</summary>
public sealed record PolicyError(int Line, string Path, string Message)
{
    public override string ToString() => $"line {Line}, {Path}: {Message}";
}

public sealed record PolicyParseResult(Policy? Policy, ImmutableArray<PolicyError> Errors)
{
    public bool IsValid => Policy is not null;
}

/// <summary>
/// Reads a YAML policy document (schema: docs/policies.md, policies/policy.schema.json) into a
/// <see cref="Policy"/>, or names the line and path of every error: YAML syntax, unknown keys,
/// wrong values and rules that contradict each other (those in <c>PolicyParser.Semantics.cs</c>).
/// </summary>
/// <remarks>
/// Over 400 lines on purpose: <see cref="Parse"/> walks the document from top to bottom, and every
/// section's reader is a local function sharing the error list, the path and the section already read,
/// so a key's check and the path its error names stay side by side, in the order of the schema.
/// </remarks>
public static partial class PolicyParser
{
    public static PolicyParseResult Parse(string tenant, string document)
    {
        var errors = new List<PolicyError>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(document));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return Fail(new PolicyError(1, "$", "the document must be a YAML mapping"));
            }

            root = mapping;
        }
        catch (YamlException exception)
        {
            return Fail(new PolicyError((int)exception.Start.Line, "$", $"YAML syntax: {exception.InnerException?.Message ?? exception.Message}"));
        }

        var reader = new Reader(errors);
        var policy = reader.ReadPolicy(root, tenant);
        if (errors.Count == 0)
        {
            Semantics.Check(policy, root, errors);
        }

        return errors.Count == 0 ? new PolicyParseResult(policy, []) : new PolicyParseResult(null, [.. errors.OrderBy(e => e.Line)]);
    }

    private static PolicyParseResult Fail(PolicyError error) => new(null, [error]);

    private sealed class Reader(List<PolicyError> errors)
    {
        public Policy ReadPolicy(YamlMappingNode node, string tenant)
        {
            var defaults = new Policy();
            var map = Map(node, "$", "timeZone", "client", "agency", "ladder", "holds", "crossedPayments", "budget", "quietHours", "triggers", "channelFallback", "description", "wik", "privacy", "risk", "channelLearning", "segments", "experiments", "feedback", "bundling");
            var zone = String(map, "timeZone", "$") ?? defaults.TimeZone;
            if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
            {
                Error(map["timeZone"], "$.timeZone", $"'{zone}' is not an IANA time zone such as Europe/Amsterdam");
            }

            return defaults with
            {
                Tenant = tenant,
                TimeZone = zone,
                Client = Identity(map, "client", "$") ?? defaults.Client,
                Agency = Identity(map, "agency", "$") ?? defaults.Agency,
                Ladder = Sequence(map, "ladder", "$", Step) ?? [],
                Holds = Child(map, "holds", "$", HoldRules) ?? defaults.Holds,
                CrossedPayments = Child(map, "crossedPayments", "$", (n, p) =>
                {
                    var m = Map(n, p, "window");
                    return new CrossedPaymentRule { Window = PeriodValue(m, "window", p) ?? defaults.CrossedPayments.Window };
                }) ?? defaults.CrossedPayments,
                Budget = Child(map, "budget", "$", Budget) ?? defaults.Budget,
                QuietHours = Child(map, "quietHours", "$", QuietHours) ?? defaults.QuietHours,
                Triggers = Child(map, "triggers", "$", Triggers) ?? defaults.Triggers,
                ChannelFallback = EnumList<Channel>(map, "channelFallback", "$") ?? defaults.ChannelFallback,
                Wik = Child(map, "wik", "$", (n, p) =>
                {
                    var m = Map(n, p, "receiptDays", "termDays", "arrangementBase", "businessCosts");
                    return new WikRules
                    {
                        ReceiptDays = Int(m, "receiptDays", p) ?? 2,
                        TermDays = Int(m, "termDays", p) ?? 14,
                        ArrangementBase = EnumValue<ArrangementCostBase>(m, "arrangementBase", p) ?? ArrangementCostBase.MISSED_INSTALMENTS,
                        BusinessCosts = Child(m, "businessCosts", p, BusinessCosts) ?? new BusinessCostRule(),
                    };
                }) ?? defaults.Wik,
                Privacy = Child(map, "privacy", "$", (n, p) =>
                {
                    var m = Map(n, p, "afterErasure", "decisionLogRetention");
                    var keepForever = String(m, "decisionLogRetention", p) == "FOREVER";
                    return new PrivacyRules
                    {
                        AfterErasure = EnumValue<AfterErasure>(m, "afterErasure", p) ?? AfterErasure.REFUSE,
                        DecisionLogRetention = keepForever ? null : PeriodValue(m, "decisionLogRetention", p) ?? defaults.Privacy.DecisionLogRetention,
                    };
                }) ?? defaults.Privacy,
                Feedback = Child(map, "feedback", "$", (n, p) =>
                {
                    var m = Map(n, p, "nonPaymentReasons");
                    return new FeedbackRules { NonPaymentReasons = Sequence(m, "nonPaymentReasons", p, NonPaymentReason) ?? [] };
                }) ?? defaults.Feedback,
                Risk = Child(map, "risk", "$", Risk) ?? defaults.Risk,
                Segments = Sequence(map, "segments", "$", Segment) ?? defaults.Segments,
                Experiments = Sequence(map, "experiments", "$", Experiment) ?? defaults.Experiments,
                ChannelLearning = Child(map, "channelLearning", "$", (n, p) =>
                {
                    var m = Map(n, p, "minPayments");
                    var minimum = Int(m, "minPayments", p) ?? 2;
                    if (minimum < 1)
                    {
                        Error(m.GetValueOrDefault("minPayments") ?? n, $"{p}.minPayments", "must be at least 1");
                    }

                    return new ChannelLearning(minimum);
                }) ?? defaults.ChannelLearning,
                Bundling = Child(map, "bundling", "$", Bundling) ?? defaults.Bundling,
            };
        }

        private BundlingRule Bundling(YamlNode node, string path)
        {
            var map = Map(node, path, "within", "kinds");
            var rule = new BundlingRule
            {
                Within = PeriodValue(map, "within", path) ?? new BundlingRule().Within,
                Kinds = EnumList<ActionKind>(map, "kinds", path) ?? BundlingRule.Allowed,
            };
            foreach (var kind in rule.Kinds.Where(k => !BundlingRule.Allowed.Contains(k)))
            {
                Error(map.GetValueOrDefault("kinds") ?? node, path + ".kinds", $"{kind} does not bundle; only {string.Join(", ", BundlingRule.Allowed)} do");
            }

            if (rule.Kinds.IsEmpty)
            {
                Error(map.GetValueOrDefault("kinds") ?? node, path + ".kinds", "names no kind; leave bundling out to switch it off");
            }

            return rule;
        }

        private BusinessCostRule BusinessCosts(YamlNode node, string path)
        {
            var map = Map(node, path, "rule", "percent", "amount", "minimum", "maximum");
            var rule = new BusinessCostRule
            {
                Rule = EnumValue<BusinessCostKind>(map, "rule", path) ?? BusinessCostKind.NONE,
                Percent = Decimal(map, "percent", path) ?? 0m,
                Amount = Decimal(map, "amount", path) ?? 0m,
                Minimum = Decimal(map, "minimum", path) ?? 0m,
                Maximum = Decimal(map, "maximum", path),
            };
            if (rule.Percent is < 0m or > 100m)
            {
                Error(map.GetValueOrDefault("percent") ?? node, path + ".percent", "must be between 0 and 100");
            }

            if (rule.Amount < 0m || rule.Minimum < 0m || rule.Maximum < rule.Minimum)
            {
                Error(node, path, "amounts must not be negative and maximum must not be below minimum");
            }

            return rule;
        }

        private NonPaymentReason NonPaymentReason(YamlNode node, string path)
        {
            var map = Map(node, path, "code", "label");
            var code = String(map, "code", path);
            if (string.IsNullOrWhiteSpace(code))
            {
                Error(node, path + ".code", "is required");
            }

            return new NonPaymentReason(code ?? "", String(map, "label", path) ?? code ?? "");
        }

        private SenderIdentity? Identity(Dictionary<string, YamlNode> parent, string key, string path) =>
            Child(parent, key, path, (node, p) =>
            {
                var map = Map(node, p, "name", "wkiNumber");
                var name = String(map, "name", p);
                if (string.IsNullOrWhiteSpace(name))
                {
                    Error(node, p + ".name", "is required");
                }

                return new SenderIdentity(name ?? "", String(map, "wkiNumber", p));
            });

        private LadderStep Step(YamlNode node, string path)
        {
            var map = Map(node, path, "id", "after", "from", "kind", "channel", "template", "sender", "when");
            var id = String(map, "id", path);
            if (string.IsNullOrWhiteSpace(id))
            {
                Error(node, path + ".id", "is required");
            }

            if (!map.ContainsKey("after"))
            {
                Error(node, path + ".after", "is required (an ISO-8601 duration such as P14D)");
            }

            if (!map.ContainsKey("kind"))
            {
                Error(node, path + ".kind", "is required");
            }

            if (!map.ContainsKey("channel"))
            {
                Error(node, path + ".channel", "is required");
            }

            return new LadderStep
            {
                Id = id ?? "",
                After = PeriodValue(map, "after", path) ?? Period.Zero,
                From = EnumValue<OffsetFrom>(map, "from", path) ?? OffsetFrom.PREVIOUS_STEP,
                Kind = EnumValue<ActionKind>(map, "kind", path) ?? ActionKind.REMINDER,
                Channel = EnumValue<Channel>(map, "channel", path) ?? Channel.EMAIL,
                Template = String(map, "template", path),
                Sender = EnumValue<Sender>(map, "sender", path) ?? Sender.CLIENT,
                When = Child(map, "when", path, (n, p) =>
                {
                    var m = Map(n, p, "debtorType", "minAmount", "segment");
                    return new StepConditions { DebtorType = EnumValue<DebtorType>(m, "debtorType", p), MinAmount = Decimal(m, "minAmount", p), Segment = String(m, "segment", p) };
                }) ?? new StepConditions(),
            };
        }

        private HoldRules HoldRules(YamlNode node, string path)
        {
            var defaults = new HoldRules();
            var map = Map(node, path, "scope", "pauses", "stopCollection", "vulnerableChannels");
            return new HoldRules
            {
                Scope = EnumValue<HoldScope>(map, "scope", path) ?? defaults.Scope,
                Pauses = EnumList<ActionKind>(map, "pauses", path) ?? defaults.Pauses,
                StopCollection = EnumList<CustomerFlag>(map, "stopCollection", path) ?? defaults.StopCollection,
                VulnerableChannels = EnumList<Channel>(map, "vulnerableChannels", path) ?? defaults.VulnerableChannels,
            };
        }

        private ContactBudget Budget(YamlNode node, string path)
        {
            var defaults = new ContactBudget();
            var map = Map(node, path, "maxContacts", "window", "minGap", "perChannel", "exempt");
            return new ContactBudget
            {
                MaxContacts = Int(map, "maxContacts", path) ?? defaults.MaxContacts,
                Window = PeriodValue(map, "window", path) ?? defaults.Window,
                MinGap = PeriodValue(map, "minGap", path) ?? defaults.MinGap,
                PerChannel = Sequence(map, "perChannel", path, (n, p) =>
                {
                    var m = Map(n, p, "channel", "max", "window");
                    return new ChannelCap(EnumValue<Channel>(m, "channel", p) ?? Channel.PHONE, Int(m, "max", p) ?? 1, PeriodValue(m, "window", p) ?? Period.FromDays(1));
                }) ?? defaults.PerChannel,
                Exempt = EnumList<ActionKind>(map, "exempt", path) ?? defaults.Exempt,
            };
        }

        private QuietHours QuietHours(YamlNode node, string path)
        {
            var defaults = new QuietHours();
            var map = Map(node, path, "start", "end", "sundays", "publicHolidays", "exempt");
            return new QuietHours
            {
                Start = Time(map, "start", path) ?? defaults.Start,
                End = Time(map, "end", path) ?? defaults.End,
                Sundays = Bool(map, "sundays", path) ?? defaults.Sundays,
                PublicHolidays = Bool(map, "publicHolidays", path) ?? defaults.PublicHolidays,
                Exempt = EnumList<ActionKind>(map, "exempt", path) ?? defaults.Exempt,
            };
        }

        private TriggerRules Triggers(YamlNode node, string path)
        {
            var defaults = new TriggerRules();
            var map = Map(node, path, "appOpenedWhileOverdue", "arrangementAgreed", "promisePausesLadder");
            return new TriggerRules
            {
                AppOpenedWhileOverdue = map.ContainsKey("appOpenedWhileOverdue") ? Triggered(map, "appOpenedWhileOverdue", path) : defaults.AppOpenedWhileOverdue,
                ArrangementAgreed = map.ContainsKey("arrangementAgreed") ? Triggered(map, "arrangementAgreed", path) : defaults.ArrangementAgreed,
                PromisePausesLadder = Bool(map, "promisePausesLadder", path) ?? defaults.PromisePausesLadder,
            };
        }

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
        private TriggeredAction? Triggered(Dictionary<string, YamlNode> parent, string key, string path)
        {
            if (parent[key] is YamlScalarNode scalar && (scalar.Value is null or "" or "off" or "null" or "~"))
            {
                return null;
            }

            return Child(parent, key, path, (n, p) =>
            {
                var m = Map(n, p, "kind", "channel", "template");
                return new TriggeredAction(EnumValue<ActionKind>(m, "kind", p) ?? ActionKind.REMINDER, EnumValue<Channel>(m, "channel", p) ?? Channel.EMAIL, String(m, "template", p));
            });
        }

        private Dictionary<string, YamlNode> Map(YamlNode node, string path, params string[] allowed)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "must be a mapping (key: value)");
                return result;
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(key))
                {
                    Error(keyNode, $"{path}.{key}", $"unknown key; expected one of {string.Join(", ", allowed)}");
                    continue;
                }

                result[key] = value;
            }

            return result;
        }

        private T? Child<T>(Dictionary<string, YamlNode> parent, string key, string path, Func<YamlNode, string, T> read) where T : class =>
            parent.TryGetValue(key, out var node) ? read(node, $"{path}.{key}") : null;

        private ImmutableArray<T>? Sequence<T>(Dictionary<string, YamlNode> parent, string key, string path, Func<YamlNode, string, T> read)
        {
            if (!parent.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is not YamlSequenceNode sequence)
            {
                Error(node, $"{path}.{key}", "must be a list");
                return [];
            }

            return [.. sequence.Children.Select((child, i) => read(child, $"{path}.{key}[{i}]"))];
        }

        private ImmutableArray<T>? EnumList<T>(Dictionary<string, YamlNode> parent, string key, string path) where T : struct, Enum
        {
            if (!parent.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is not YamlSequenceNode sequence)
            {
                Error(node, $"{path}.{key}", "must be a list");
                return [];
            }

            var values = ImmutableArray.CreateBuilder<T>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (ParseEnum<T>(sequence.Children[i], $"{path}.{key}[{i}]") is { } value)
                {
                    values.Add(value);
                }
            }

            return values.ToImmutable();
        }

        private string? Scalar(Dictionary<string, YamlNode> parent, string key, string path)
        {
            if (!parent.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            Error(node, $"{path}.{key}", "must be a single value");
            return null;
        }

        private string? String(Dictionary<string, YamlNode> parent, string key, string path) => Scalar(parent, key, path);

        private T? EnumValue<T>(Dictionary<string, YamlNode> parent, string key, string path) where T : struct, Enum =>
            parent.TryGetValue(key, out var node) ? ParseEnum<T>(node, $"{path}.{key}") : null;

        private T? ParseEnum<T>(YamlNode node, string path) where T : struct, Enum
        {
            var text = (node as YamlScalarNode)?.Value;
            if (text is not null && EnumNames<T>.TryParse(text, out var value))
            {
                return value;
            }

            Error(node, path, $"'{text}' is not one of {string.Join(", ", EnumNames<T>.Names)}");
            return null;
        }

        private Period? PeriodValue(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            var parsed = PeriodPattern.NormalizingIso.Parse(text);
            if (!parsed.Success)
            {
                Error(parent[key], $"{path}.{key}", $"'{text}' is not an ISO-8601 duration such as P14D or PT2H");
                return null;
            }

            var period = parsed.Value;
            if (period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0 || period.Hours < 0 || period.Minutes < 0 || period.Seconds < 0)
            {
                Error(parent[key], $"{path}.{key}", $"'{text}' is negative; offsets count forward");
                return null;
            }

            return period;
        }

        private int? Int(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not a whole number of zero or more");
            return null;
        }

        private decimal? Decimal(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not an amount of zero or more");
            return null;
        }

        private bool? Bool(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            if (text is "true" or "false")
            {
                return text == "true";
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not true or false");
            return null;
        }

        private LocalTime? Time(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            var parsed = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
            if (parsed.Success)
            {
                return parsed.Value;
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not a time of day HH:mm");
            return null;
        }

        private void Error(YamlNode node, string path, string message) => errors.Add(new PolicyError((int)node.Start.Line, path, message));
    }
}

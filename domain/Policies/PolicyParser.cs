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

    private sealed partial class Reader(List<PolicyError> errors)
    {
        public Policy ReadPolicy(YamlMappingNode node, string tenant)
        {
            var defaults = new Policy();
            var map = Map(node, "$", "timeZone", "client", "agency", "ladder", "holds", "crossedPayments", "budget", "quietHours", "triggers", "channelFallback", "description", "wik", "privacy", "risk", "channelLearning", "segments", "experiments", "feedback", "bundling", "plans", "disputes");
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
                Disputes = Child(map, "disputes", "$", (n, p) =>
                {
                    var m = Map(n, p, "reasons", "owner", "deadlineDays");
                    var days = Int(m, "deadlineDays", p) ?? defaults.Disputes.DeadlineDays;
                    if (days is < 1 or > 365)
                    {
                        Error(m.GetValueOrDefault("deadlineDays") ?? n, $"{p}.deadlineDays", "must be between 1 and 365");
                    }

                    return new DisputeRules
                    {
                        Reasons = Sequence(m, "reasons", p, (rn, rp) =>
                        {
                            var reason = NonPaymentReason(rn, rp);
                            return new DisputeReason(reason.Code, reason.Label);
                        }) ?? [],
                        Owner = EnumValue<Team>(m, "owner", p) ?? defaults.Disputes.Owner,
                        DeadlineDays = days,
                    };
                }) ?? defaults.Disputes,
                Plans = Child(map, "plans", "$", (n, p) =>
                {
                    var m = Map(n, p, "reminderDays", "graceDays");
                    var plans = new PlanRules { ReminderDays = Int(m, "reminderDays", p) ?? defaults.Plans.ReminderDays, GraceDays = Int(m, "graceDays", p) ?? defaults.Plans.GraceDays };
                    if (plans.ReminderDays is < 0 or > 60)
                    {
                        Error(m.GetValueOrDefault("reminderDays") ?? n, $"{p}.reminderDays", "must be between 0 and 60");
                    }

                    if (plans.GraceDays is < 0 or > 60)
                    {
                        Error(m.GetValueOrDefault("graceDays") ?? n, $"{p}.graceDays", "must be between 0 and 60");
                    }

                    return plans;
                }) ?? defaults.Plans,
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
            var map = Map(node, path, "appOpenedWhileOverdue", "arrangementAgreed", "instalmentDue", "promisePausesLadder");
            return new TriggerRules
            {
                AppOpenedWhileOverdue = map.ContainsKey("appOpenedWhileOverdue") ? Triggered(map, "appOpenedWhileOverdue", path) : defaults.AppOpenedWhileOverdue,
                ArrangementAgreed = map.ContainsKey("arrangementAgreed") ? Triggered(map, "arrangementAgreed", path) : defaults.ArrangementAgreed,
                InstalmentDue = map.ContainsKey("instalmentDue") ? Triggered(map, "instalmentDue", path) : defaults.InstalmentDue,
                PromisePausesLadder = Bool(map, "promisePausesLadder", path) ?? defaults.PromisePausesLadder,
            };
        }

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

        private void Error(YamlNode node, string path, string message) => errors.Add(new PolicyError((int)node.Start.Line, path, message));
    }
}

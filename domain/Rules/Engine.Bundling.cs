using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>Bundled contacts: ladder steps of one customer's cases that fall within the policy's window go out as one.</summary>
    private sealed partial class Run
    {
        /// <summary>
        /// Bundled contacts (policy <c>bundling</c>): every case has planned its own next step; steps that
        /// bundle are grouped — same kind, channel, sender and debtor type, due within the window of the
        /// earliest — and each group goes out as one contact at the earliest one's moment. A case on hold,
        /// paid or closed has no planned step, so it is in no group. The members' next steps, counted from
        /// the bundle's moment, are grouped again for their turn.
        /// </summary>
        public void Bundle()
        {
            if (policy.Bundling is not { } rule)
            {
                return;
            }

            Group(rule);
            List<OutboundAction>? due = null;
            foreach (var action in _state.Actions)
            {
                if (action.Status == ActionStatus.PLANNED && action.StepId is not null && action.At <= now && rule.Bundles(action.Kind))
                {
                    (due ??= []).Add(action);
                }
            }

            if (due is null)
            {
                return;
            }

            foreach (var action in due.OrderBy(a => a.At))
            {
                var cases = action.IsBundle
                    ? [.. action.Cases.Select(m => _state.FindCase(m.CaseId)!)]
                    : new[] { _state.FindCase(action.CaseId!)! };
                if (Dispatch(action, cases))
                {
                    foreach (var @case in cases)
                    {
                        PlanOrDispatch(_state.FindCase(@case.CaseId)!, planOnly: true);
                    }
                }
            }

            Group(rule);
        }

        /// <summary>One case's planned step as a candidate for a bundle: the action it is in now, and the step as the case's own.</summary>
        private readonly record struct Candidate(CaseState Case, int Order, OutboundAction Source, BundledCase Member);

        private OutboundAction? PlannedToBundle(CaseState @case, BundlingRule rule) =>
            @case.IsOpen && @case.Ladder.PlannedActionId is { } id && _state.FindAction(id) is { Status: ActionStatus.PLANNED, StepId: not null } action && rule.Bundles(action.Kind)
                ? action
                : null;

        private void Group(BundlingRule rule)
        {
            // Most customers have one case, or one with a step that bundles: nothing to group, nothing to allocate.
            var planned = 0;
            var bundled = false;
            foreach (var @case in _state.Cases)
            {
                if (PlannedToBundle(@case, rule) is { } action)
                {
                    (planned, bundled) = (planned + 1, bundled || action.IsBundle);
                }
            }

            if (planned == 0 || (planned == 1 && !bundled))
            {
                return;
            }

            var candidates = new List<Candidate>(planned);
            for (var i = 0; i < _state.Cases.Length; i++)
            {
                var @case = _state.Cases[i];
                if (PlannedToBundle(@case, rule) is not { } action)
                {
                    continue;
                }

                var member = action.IsBundle
                    ? action.Cases.FirstOrDefault(m => m.CaseId == @case.CaseId)
                    : new BundledCase(@case.CaseId, action.StepId!, @case.AmountDue, action.At, action.PlannedAt);
                if (member is not null)
                {
                    candidates.Add(new Candidate(@case, i, action, member));
                }
            }

            candidates.Sort((a, b) => a.Member.At != b.Member.At ? a.Member.At.CompareTo(b.Member.At) : a.Order.CompareTo(b.Order));
            var groups = new List<List<Candidate>>();
            var taken = new bool[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var first = candidates[i];
                var until = ZonedTime.Add(first.Member.At, rule.Within, policy.Zone);
                var group = new List<Candidate> { first };
                for (var j = i + 1; j < candidates.Count; j++)
                {
                    var other = candidates[j];
                    if (!taken[j] && other.Member.At <= until && other.Source.Kind == first.Source.Kind && other.Source.Channel == first.Source.Channel
                        && other.Source.Sender == first.Source.Sender && other.Case.DebtorType == first.Case.DebtorType)
                    {
                        group.Add(other);
                        taken[j] = true;
                    }
                }

                groups.Add(group);
            }

            // A group that is what its action already says stays as it is (same id, same reasons, no new version).
            var changed = groups.Where(g => !Unchanged(g)).ToList();
            if (changed.Count == 0)
            {
                return;
            }

            var claimed = groups.Except(changed).Select(g => g[0].Source.ActionId).ToHashSet(StringComparer.Ordinal);
            var built = new Dictionary<string, OutboundAction>(StringComparer.Ordinal);
            var retired = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in changed)
            {
                // The bundle keeps the id of an action it grew from: an earlier bundle's first, or the earliest step's.
                var id = group.Select(c => c.Source).Where(a => a.IsBundle).Concat(group.Select(c => c.Source)).Select(a => a.ActionId).FirstOrDefault(claimed.Add)
                    ?? NewActionId();
                retired.UnionWith(group.Select(c => c.Source.ActionId));
                built[id] = Compose(group[0].Source with { ActionId = id }, [.. group.Select(c => c.Member with { AmountDue = c.Case.AmountDue })]);
            }

            var actions = ImmutableArray.CreateBuilder<OutboundAction>(_state.Actions.Length);
            foreach (var action in _state.Actions)
            {
                if (built.Remove(action.ActionId, out var replacement))
                {
                    actions.Add(replacement);
                }
                else if (!retired.Contains(action.ActionId))
                {
                    actions.Add(action);
                }
            }

            foreach (var (_, added) in built)
            {
                actions.Add(added);
            }

            _state = _state with { Actions = actions.ToImmutable() };
            foreach (var action in actions)
            {
                foreach (var member in action.Status == ActionStatus.PLANNED ? action.Cases : [])
                {
                    if (_state.FindCase(member.CaseId) is { } @case && @case.Ladder.PlannedActionId != action.ActionId)
                    {
                        Update(@case with { Ladder = @case.Ladder with { PlannedActionId = action.ActionId } });
                    }
                }
            }

            bool Unchanged(List<Candidate> group)
            {
                var source = group[0].Source;
                if (!source.IsBundle)
                {
                    return group.Count == 1;
                }

                if (source.Cases.Length != group.Count)
                {
                    return false;
                }

                for (var i = 0; i < group.Count; i++)
                {
                    if (!ReferenceEquals(group[i].Source, source) || source.Cases[i].CaseId != group[i].Case.CaseId || source.Cases[i].AmountDue != group[i].Case.AmountDue)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// The bundle over <paramref name="members"/> (earliest first), from an action it grew from: the first
        /// member's case and step, the earliest moment, and reasons naming every member's step and case.
        /// </summary>
        private static OutboundAction Compose(OutboundAction source, ImmutableArray<BundledCase> members)
        {
            var reasons = ImmutableArray.CreateBuilder<string>();
            foreach (var step in members.Select(m => m.StepId).Distinct())
            {
                reasons.Add(Reasons.Step(step));
            }

            reasons.AddRange(source.Reasons.Where(r => !r.StartsWith("ladder.step:", StringComparison.Ordinal) && !r.StartsWith(Reasons.BundlePrefix, StringComparison.Ordinal)));
            reasons.Add(Reasons.Bundled);
            reasons.AddRange(members.Select(m => Reasons.BundledCase(m.CaseId)));
            return source with
            {
                CaseId = members[0].CaseId,
                StepId = members[0].StepId,
                At = members[0].At,
                PlannedAt = members.Min(m => m.PlannedAt),
                Cases = members,
                Reasons = reasons.ToImmutable(),
            };
        }

        /// <summary>A planned bundle loses a case (paid, closed, on hold): the rest still go; with none left the bundle is cancelled.</summary>
        private void Leave(OutboundAction bundle, string caseId, string why)
        {
            var member = bundle.Cases.First(m => m.CaseId == caseId);
            var rest = bundle.Cases.Remove(member);
            if (rest.IsEmpty)
            {
                var cancelled = bundle with { Status = ActionStatus.CANCELLED, Reasons = bundle.Reasons.Add(why) };
                _state = _state with { Actions = _state.Actions.Remove(bundle), Suppressed = _state.Suppressed.Add(cancelled) };
                return;
            }

            // What the case would have had, withheld, beside the bundle that goes on without it.
            var withheld = bundle with { CaseId = caseId, StepId = member.StepId, Cases = [], At = member.At, PlannedAt = member.PlannedAt, Status = ActionStatus.CANCELLED, Reasons = [Reasons.Step(member.StepId), Reasons.Bundled, why] };
            _state = _state with { Actions = _state.Actions.Replace(bundle, Compose(bundle, rest)), Suppressed = _state.Suppressed.Add(withheld) };
        }
    }
}

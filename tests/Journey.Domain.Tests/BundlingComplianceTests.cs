using Journey.Domain.Policies;
using Journey.Domain.Rules;
using NodaTime;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>
/// A year of customers with clusters of invoices, payments (some before a bundle goes out, some after),
/// and complaints that hold cases, under the shipped policies that bundle. At every step the contacts that
/// went out are checked against the rules they must keep, whether they speak for one case or several.
/// </summary>
public class BundlingComplianceTests
{
    private const int Customers = 40;

    [Theory]
    [InlineData("webshop", true)]
    [InlineData("housing", false)]
    public void Over_a_year_bundled_contacts_keep_quiet_hours_holidays_holds_payments_the_budget_and_the_sender_rules(string tenant, bool stepsAfterHandover)
    {
        var policy = PolicyParser.Parse(tenant, PolicyParserTests.RepoFile($"policies/{tenant}.yaml")).Policy! with { Version = 1 };
        Assert.NotNull(policy.Bundling);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var end = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.FromHours(1));
        var violations = new List<string>();
        var (bundles, members, left, afterHandover) = (0, 0, 0, 0);

        for (var customer = 0; customer < Customers; customer++)
        {
            var dispatched = new List<OutboundAction>();
            var journey = new JourneyDriver(policy, start)
            {
                OnStep = (step, now) =>
                {
                    foreach (var action in step.Effects.Dispatched)
                    {
                        Check(policy, step, action, dispatched, violations);
                        dispatched.Add(action);
                        if (action.IsBundle && action.Cases.Length > 1)
                        {
                            (bundles, members) = (bundles + 1, members + action.Cases.Length);
                            afterHandover += action.Cases.Any(m => step.Before.FindCase(m.CaseId)!.Ladder.Stage == CaseStage.HANDED_OVER) ? 1 : 0;
                        }
                    }
                },
            };
            foreach (var touchpoint in Year(new Random((tenant.Length * 1_000) + customer), start))
            {
                journey.Push(touchpoint);
            }

            journey.AdvanceTo(end);
            left += journey.State.Suppressed.Count(s => s.StepId is not null && s.Reasons.Contains(Reasons.Bundled));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));

        // The year really bundled, and bundles really lost cases to payments and holds before they went.
        Assert.True(bundles >= 200, $"only {bundles} bundles of two or more cases went out");
        Assert.True(members > 2 * bundles, $"{bundles} bundles spoke for {members} cases: never more than two");
        Assert.True(left >= 50, $"only {left} cases left a planned bundle");
        Assert.True(!stepsAfterHandover || afterHandover >= 10, $"only {afterHandover} bundles spoke for a case already handed over");
    }

    private static void Check(Policy policy, StepResult step, OutboundAction action, List<OutboundAction> earlier, List<string> violations)
    {
        var what = $"{action.ActionId} {action.Kind} at {action.At:O} for [{string.Join(", ", action.PerCase().Select(c => c.CaseId))}]";
        if (!policy.QuietHours.Exempt.Contains(action.Kind) && !ContactCalendar.IsAllowed(action.At, policy.QuietHours, policy.Zone))
        {
            violations.Add($"{what}: in quiet hours, on a Sunday or on a public holiday");
        }

        if (!policy.Budget.Exempt.Contains(action.Kind))
        {
            var since = ZonedTime.Subtract(action.At, policy.Budget.Window, policy.Zone);
            var inWindow = 1 + earlier.Count(a => !policy.Budget.Exempt.Contains(a.Kind) && a.At > since && a.At <= action.At);
            if (inWindow > policy.Budget.MaxContacts)
            {
                violations.Add($"{what}: contact {inWindow} within {policy.Budget.Window}, over the budget of {policy.Budget.MaxContacts}");
            }

            var gapStart = ZonedTime.Subtract(action.At, policy.Budget.MinGap, policy.Zone);
            if (earlier.FirstOrDefault(a => !policy.Budget.Exempt.Contains(a.Kind) && a.At > gapStart && a.At <= action.At && a.ActionId != action.ActionId) is { } previous)
            {
                violations.Add($"{what}: within {policy.Budget.MinGap} of {previous.ActionId} at {previous.At:O}");
            }
        }

        var (senderName, wki) = action.Sender == Sender.AGENCY ? (policy.Agency.Name, policy.Agency.WkiNumber) : (policy.Client.Name, null);
        if ((action.SenderName, action.WkiNumber) != (senderName, wki))
        {
            violations.Add($"{what}: {action.Sender} named itself '{action.SenderName}' ({action.WkiNumber})");
        }

        if (action.StepId is null)
        {
            return;
        }

        if (action.IsBundle && action.Cases.Select(m => m.CaseId).Distinct().Count() != action.Cases.Length)
        {
            violations.Add($"{what}: a case twice in one bundle");
        }

        foreach (var caseId in action.PerCase().Select(c => c.CaseId!))
        {
            var before = step.Before.FindCase(caseId)!;
            var after = step.State.FindCase(caseId)!;
            if (!after.IsOpen)
            {
                violations.Add($"{what}: case {caseId} was paid or closed");
            }

            if (policy.Holds.Pauses.Contains(action.Kind) && CaseStatus.ActiveHold(step.State, after, policy.Holds.Scope) is { } hold)
            {
                violations.Add($"{what}: case {caseId} is on hold ({hold.Reason})");
            }

            if (action.At < CaseStatus.OverdueFrom(before, policy.Zone))
            {
                violations.Add($"{what}: case {caseId} was not overdue yet");
            }

            if (before.Ladder.Stage is CaseStage.HANDED_OVER or CaseStage.LEGAL && action.Sender != Sender.AGENCY)
            {
                violations.Add($"{what}: case {caseId} was handed over, yet the client spoke");
            }
        }
    }

    /// <summary>A customer's year: every month a cluster of one to four invoices issued within three days; most are paid, some before the reminders, some after; some get a complaint that is resolved later.</summary>
    internal static IEnumerable<Touchpoint> Year(Random random, DateTimeOffset start)
    {
        var touchpoints = new List<Touchpoint>();
        var next = 0;
        string Id() => $"e-{next++}";
        DateTimeOffset At(DateTimeOffset from, double maxDays) => from.AddMinutes(random.Next((int)(maxDays * 24 * 60)));

        for (var month = 0; month < 12; month++)
        {
            var cluster = start.AddDays(month * 30 + random.Next(10));
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var caseId = $"m{month}-{i}";
                var issued = At(cluster, 3);
                var due = LocalDate.FromDateTime(issued.Date).PlusDays(14).ToDateOnly();
                var overdue = new DateTimeOffset(due.ToDateTime(TimeOnly.MinValue), issued.Offset).AddDays(1);
                var amount = random.Next(20, 800) + 0.50m;
                touchpoints.Add(Invoice(caseId, amount, due, issued, eventId: Id()));

                if (random.NextDouble() < 0.15)
                {
                    var opened = At(overdue, 10);
                    var complaint = Id();
                    touchpoints.Add(Make(TouchpointType.COMPLAINT_OPENED, caseId, at: opened, eventId: complaint, attributes: ("reason", "the order arrived damaged")));
                    touchpoints.Add(Make(TouchpointType.COMPLAINT_RESOLVED, caseId, at: At(opened.AddDays(3), 20), eventId: Id(), attributes: ("reference", complaint)));
                }

                var pays = random.NextDouble();
                if (pays < 0.6)
                {
                    // Paid in full: often within days of becoming overdue, just before or after its reminder would go.
                    touchpoints.Add(Payment(amount, caseId, At(overdue, pays < 0.3 ? 6 : 60), eventId: Id()));
                }
                else if (pays < 0.75)
                {
                    touchpoints.Add(Payment(Math.Round(amount / 3, 2), caseId, At(overdue, 20), eventId: Id()));
                }
            }
        }

        return touchpoints.OrderBy(t => t.OccurredAt);
    }
}

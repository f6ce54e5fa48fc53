using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>
/// A plan of four monthly instalments of 100.00 over an invoice of 400.00, lived on the simulated clock
/// through the step function. Dates are chosen off Sundays and holidays so no reminder is deferred:
/// instalments 2 April, 2 May, 2 June, 2 July; reminders three days before each at 09:00; five days' grace.
/// </summary>
public class InstalmentPlanTests
{
    private static readonly Policy Policy = PolicyParser.Parse("webshop", """
        timeZone: Europe/Amsterdam
        ladder:
          - { id: reminder, after: P1D, kind: REMINDER, channel: EMAIL }
          - { id: notice, after: P7D, kind: FINAL_NOTICE, channel: LETTER }
        plans: { reminderDays: 3, graceDays: 5 }
        """).Policy! with { Version = 1 };

    /// <summary>Amsterdam time: summer time from 29 March 2026.</summary>
    private static DateTimeOffset At(int month, int day, int hour = 10) =>
        new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(month > 3 || (month == 3 && day >= 29) ? 2 : 1));

    /// <summary>Invoice due 15 March, the first reminder on 17 March, the plan agreed on 18 March.</summary>
    private static JourneyDriver Agreed()
    {
        var driver = new JourneyDriver(Policy, At(3, 1));
        driver.Push(Make(TouchpointType.CONTACT_DETAILS_CHANGED, at: At(3, 1), attributes: [("email", "klant@example.nl"), ("phone", "+31612345678")]));
        driver.Push(Invoice("inv", 400m, new DateOnly(2026, 3, 15), At(3, 1)));
        driver.Push(Make(TouchpointType.PAYMENT_ARRANGEMENT_AGREED, "inv", 100m, dueDate: new DateOnly(2026, 4, 2), at: At(3, 18), attributes: (AttributeKeys.Interval, "P1M")));
        return driver;
    }

    private static List<OutboundAction> InstalmentReminders(JourneyDriver driver) =>
        [.. driver.Dispatched.Where(a => a.Reasons.Contains(Reasons.InstalmentDue))];

    private static PlanView Plan(JourneyDriver driver, DateOnly today) =>
        InstalmentPlans.Of(driver.State, driver.State.FindCase("inv")!, Policy.Plans, today)!;

    [Fact]
    public void Paid_on_time_the_plan_reminds_before_each_instalment_keeps_the_ladder_paused_and_completes()
    {
        var driver = Agreed();
        Assert.Contains(driver.Dispatched, a => a.Kind == ActionKind.CONFIRMATION && a.Reasons.Contains(Reasons.ArrangementAgreed));
        var laddered = driver.Dispatched.Count(a => a.StepId is not null);

        foreach (var month in new[] { 4, 5, 6, 7 })
        {
            driver.Push(Payment(100m, "inv", At(month, 2, 12)));
        }

        driver.AdvanceTo(At(8, 1));

        // Hand table: 30 March, 29 April, 30 May, 29 June at 09:00, each by SMS, each its own reminder.
        Assert.Equal(
            [At(3, 30, 9), At(4, 29, 9), At(5, 30, 9), At(6, 29, 9)],
            InstalmentReminders(driver).Select(a => a.At));
        Assert.All(InstalmentReminders(driver), a => Assert.Equal((ActionKind.REMINDER, Channel.SMS, "instalment-reminder"), (a.Kind, a.Channel, a.Template)));
        Assert.Equal(laddered, driver.Dispatched.Count(a => a.StepId is not null));

        var plan = Plan(driver, new DateOnly(2026, 8, 1));
        Assert.Equal((PlanState.COMPLETED, 0m), (plan.State, plan.Remaining));
        Assert.Equal(["2026-04-02 100 PAID", "2026-05-02 100 PAID", "2026-06-02 100 PAID", "2026-07-02 100 PAID"],
            plan.Instalments.Select(i => $"{i.DueDate:yyyy-MM-dd} {i.Amount:0} {i.Status}"));
    }

    [Fact]
    public void A_missed_instalment_breaks_the_plan_after_its_grace_the_ladder_resumes_and_the_letter_charges_over_what_was_missed()
    {
        var driver = Agreed();
        driver.Push(Payment(100m, "inv", At(4, 2, 12)));

        // 2 May unpaid: late through 7 May (five days' grace), missed from 8 May.
        driver.AdvanceTo(At(5, 7, 23));
        var late = Plan(driver, new DateOnly(2026, 5, 7));
        Assert.Equal((PlanState.ACTIVE, InstalmentStatus.LATE), (late.State, late.Instalments[1].Status));
        Assert.Null(driver.State.FindCase("inv")!.PlanMissed);
        Assert.DoesNotContain(driver.Dispatched, a => a.Kind == ActionKind.FINAL_NOTICE);

        driver.AdvanceTo(At(5, 8, 1));
        var @case = driver.State.FindCase("inv")!;
        Assert.Equal(new DateOnly(2026, 5, 2), @case.PlanMissed);
        Assert.Equal(Reasons.PlanBroken, @case.Ladder.ResumedBy ?? driver.State.FindAction(@case.Ladder.PlannedActionId!)!.Reasons.First(r => r == Reasons.PlanBroken));
        var broken = Plan(driver, new DateOnly(2026, 5, 8));
        Assert.Equal((PlanState.BROKEN, 300m), (broken.State, broken.Remaining));
        Assert.Equal(["PAID", "MISSED", "DUE", "DUE"], broken.Instalments.Select(i => i.Status.ToString()));

        // The collector's worklist shows it as a broken promise of the missed instalment's date.
        var item = Assert.Single(WorklistRules.Of(driver.State), i => i.Kind == WorklistKind.BROKEN_PROMISE);
        Assert.Equal((new DateOnly(2026, 5, 2), 300m), (item.PromisedFor, item.AmountDue));

        // The ladder's next step is the 14-day letter, planned seven days on (00:00 on 15 May; quiet hours move it to the morning): BIK over the missed instalments only —
        // due before posting 2 April and 2 May, 200.00, less 100.00 paid since the agreement: 15 % of 100.00 is below the €40 minimum.
        driver.AdvanceTo(At(5, 20));
        var letter = Assert.Single(driver.Dispatched, a => a.Kind == ActionKind.FINAL_NOTICE);
        var notice = driver.State.FindCase("inv")!.FinalNotice!;
        Assert.Equal((100m, 40m, "bik:missed-instalments"), (notice.Principal, notice.CollectionCosts, notice.Basis));
        Assert.Equal(At(5, 15, 0), letter.PlannedAt);
        Assert.Contains(Reasons.PlanBroken, letter.Reasons);

        // No reminder after the break: only those before 2 April and 2 May.
        Assert.Equal([At(3, 30, 9), At(4, 29, 9)], InstalmentReminders(driver).Select(a => a.At));
    }

    [Fact]
    public void Paying_everything_early_closes_the_plan_and_no_reminder_follows()
    {
        var driver = Agreed();
        driver.Push(Payment(100m, "inv", At(4, 2, 12)));
        driver.Push(Payment(300m, "inv", At(4, 15, 12)));
        driver.AdvanceTo(At(8, 1));

        var plan = Plan(driver, new DateOnly(2026, 8, 1));
        Assert.Equal((PlanState.COMPLETED, 0m), (plan.State, plan.Remaining));
        Assert.All(plan.Instalments, i => Assert.Equal(InstalmentStatus.PAID, i.Status));
        Assert.Equal([At(3, 30, 9)], InstalmentReminders(driver).Select(a => a.At));
        Assert.Empty(WorklistRules.Of(driver.State));
    }

    [Fact]
    public void The_cash_forecast_expects_each_unpaid_instalment_in_its_own_week()
    {
        var driver = Agreed();
        driver.Push(Payment(100m, "inv", At(4, 2, 12)));
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        ReceivablesFacts.Contribute(driver.State, sums, +1);

        // Read on Monday 6 April: 2 May is a Saturday (week of 27 April), 2 June a Tuesday, 2 July a Thursday (week of 29 June).
        var weeks = ReceivablesFigures.From(sums, new DateOnly(2026, 4, 6)).Forecast(weeks: 14, past: 1);
        Assert.Equal(
            ["2026-03-30 0 100", "2026-04-27 100 0", "2026-06-01 100 0", "2026-06-29 100 0"],
            weeks.Where(w => w.Expected != 0m || w.Received != 0m).Select(w => $"{w.WeekStart:yyyy-MM-dd} {w.Expected:0} {w.Received:0}"));
    }
}

using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>
    /// Instalment plans: the ladder stays paused while every instalment is paid within its grace; a reminder
    /// goes before each unpaid instalment (a triggered action, under every contact rule); an instalment unpaid
    /// after its grace breaks the plan, and the ladder resumes.
    /// </summary>
    private sealed partial class Run
    {
        private DateOnly Today => Instant.FromDateTimeOffset(now).InZone(policy.Zone).Date.ToDateOnly();

        /// <summary>The next instalment not yet paid, for a case whose plan holds; null without a plan, or once it broke.</summary>
        private Instalment? NextInstalment(CaseState @case) =>
            @case.PlanMissed is null && InstalmentPlans.ArrangementOf(_state, @case) is { } arrangement && InstalmentPlans.Schedule(@case, arrangement) is { } schedule
                ? InstalmentPlans.NextUncovered(schedule, policy.Plans)
                : null;

        /// <summary>
        /// When a case's pause for its plan ends: the end of the next unpaid instalment's grace, while that is
        /// still to come; null when the case has no plan or an instalment's grace has passed unpaid.
        /// </summary>
        private DateTimeOffset? PlanPausedUntil(CaseState @case) =>
            NextInstalment(@case) is { } next && InstalmentPlans.GraceEnds(next, policy.Plans) >= Today
                ? ZonedTime.EndOfDay(InstalmentPlans.GraceEnds(next, policy.Plans), policy.Zone)
                : null;

        /// <summary>The due date of the instalment that broke the case's plan when a pause for it ends; null for a case without a plan (a promise).</summary>
        private DateOnly? MissedInstalment(CaseState @case) => NextInstalment(@case)?.DueDate;

        /// <summary>09:00 tenant time, <c>plans.reminderDays</c> before the instalment's due date.</summary>
        private DateTimeOffset InstalmentReminderAt(Instalment instalment) =>
            LocalDate.FromDateOnly(instalment.DueDate).PlusDays(-policy.Plans.ReminderDays).At(new LocalTime(9, 0)).InZoneLeniently(policy.Zone).ToDateTimeOffset();

        /// <summary>The next reminder a case's plan waits for: its moment, or null when none is due to be decided.</summary>
        private (Instalment Instalment, DateTimeOffset At)? PendingReminder(CaseState @case)
        {
            if (!@case.IsOpen || policy.Triggers.InstalmentDue is null || policy.Plans.ReminderDays == 0 || NextInstalment(@case) is not { } next
                || @case.InstalmentReminded >= next.DueDate)
            {
                return null;
            }

            return (next, InstalmentReminderAt(next));
        }

        /// <summary>Reminds of each unpaid instalment once, from its moment until its due date has passed.</summary>
        public void RemindInstalments()
        {
            if (_state.Arrangements.IsEmpty)
            {
                return;
            }

            foreach (var caseId in _state.Cases.Select(c => c.CaseId).ToList())
            {
                var @case = _state.FindCase(caseId)!;
                if (PendingReminder(@case) is not { } pending || now < pending.At)
                {
                    continue;
                }

                if (Today <= pending.Instalment.DueDate)
                {
                    Immediate(policy.Triggers.InstalmentDue!, @case, Reasons.InstalmentDue);
                }

                Update(_state.FindCase(caseId)! with { InstalmentReminded = pending.Instalment.DueDate });
            }
        }
    }
}

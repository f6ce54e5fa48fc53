using Journey.Domain.Policies;
using Journey.Domain.Replay;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>
/// Bundled contacts, against hand-computed moments. Invoices are issued on Monday 2 March 2026; a case is
/// overdue from 00:00 the day after its due date and its reminder comes three days later, at 07:00 at the
/// earliest, never on a Sunday:
///
/// | case | amount | due   | overdue from | own reminder      |
/// |------|--------|-------|--------------|-------------------|
/// | A    | 100    | 03-09 | 03-10 00:00  | Fri 03-13 07:00   |
/// | B    | 200    | 03-10 | 03-11 00:00  | Sat 03-14 07:00   |
/// | C    | 300    | 03-11 | 03-12 00:00  | Mon 03-16 07:00 (Sunday 03-15 is closed) |
///
/// With <c>within: P3D</c> all three fall within Fri 07:00 – Mon 07:00, so one reminder goes on Friday.
/// </summary>
public class BundlingTests
{
    private const string Ladder = """
        client: { name: Webshop B.V. }
        agency: { name: CBMK Incasso, wkiNumber: WKI-2024-0117 }
        bundling: { within: P3D, kinds: [REMINDER, FINAL_NOTICE] }
        """;

    private const string LooseBudget = "budget: { maxContacts: 10, window: P7D, minGap: PT1H }";

    private static readonly DateTimeOffset Issued = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Friday = new(2026, 3, 13, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Saturday = new(2026, 3, 14, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Monday = new(2026, 3, 16, 7, 0, 0, TimeSpan.FromHours(1));

    private static Policy Bundled(string ladder = """
        ladder:
          - { id: reminder, after: P3D, kind: REMINDER, channel: EMAIL }
          - { id: letter, after: P7D, kind: FINAL_NOTICE, channel: LETTER }
        """, string more = "", string budget = LooseBudget)
    {
        var parsed = PolicyParser.Parse("webshop", Ladder + "\n" + ladder + "\n" + budget + "\n" + more);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Message}")));
        return parsed.Policy! with { Version = 1 };
    }

    private static JourneyDriver ThreeCases(Policy policy, decimal a = 100m, decimal b = 200m, decimal c = 300m, string? debtorType = null)
    {
        var journey = new JourneyDriver(policy, Issued);
        journey.Push(Invoice("A", a, new DateOnly(2026, 3, 9), Issued, debtorType: debtorType));
        journey.Push(Invoice("B", b, new DateOnly(2026, 3, 10), Issued, debtorType: debtorType));
        journey.Push(Invoice("C", c, new DateOnly(2026, 3, 11), Issued, debtorType: debtorType));
        return journey;
    }

    private static IEnumerable<(string CaseId, string StepId, decimal AmountDue)> Members(OutboundAction action) =>
        action.Cases.Select(m => (m.CaseId, m.StepId, m.AmountDue));

    [Fact]
    public void Three_cases_due_within_the_window_get_one_reminder_naming_all_three_at_the_earliest_moment()
    {
        var journey = ThreeCases(Bundled());

        journey.AdvanceTo(Friday.AddHours(1));

        var reminder = Assert.Single(journey.Dispatched);
        Assert.Equal((ActionKind.REMINDER, Channel.EMAIL, Friday), (reminder.Kind, reminder.Channel, reminder.At));
        Assert.Equal([("A", "reminder", 100m), ("B", "reminder", 200m), ("C", "reminder", 300m)], Members(reminder));
        Assert.Equal(("A", "reminder"), (reminder.CaseId, reminder.StepId));
        Assert.Equal(["ladder.step:reminder", "bundle", "bundle.case:A", "bundle.case:B", "bundle.case:C"], reminder.Reasons.Where(r => r.StartsWith("ladder.") || r.StartsWith("bundle")));

        // One contact for the budget; each case's ladder moved on as if its own reminder went out.
        Assert.Equal([reminder.ActionId], journey.State.Contacts.Select(c => c.ActionId));
        Assert.All(journey.State.Cases, c => Assert.Equal((CaseStage.REMINDED, 1, Friday), (c.Ladder.Stage, c.Ladder.NextStep, c.Ladder.Anchor!.Value)));
    }

    [Fact]
    public void Before_it_goes_the_planned_bundle_shows_on_every_member_case_and_later_steps_count_from_the_bundle()
    {
        var journey = ThreeCases(Bundled());

        // Thursday: C is overdue and has planned its own reminder (Monday), which joins A's and B's.
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 12, 12, 0, 0, TimeSpan.FromHours(1)));
        var planned = journey.State.Actions.Single(a => a.Status == ActionStatus.PLANNED);
        Assert.Equal(Friday, planned.At);
        Assert.Equal([(("A", Friday)), ("B", Saturday), ("C", Monday)], planned.Cases.Select(m => (m.CaseId, m.At)));
        Assert.All(journey.State.Cases, c => Assert.Equal(planned.ActionId, c.Ladder.PlannedActionId));

        // The letters are due seven days after the bundle, all on Friday 20 March, and go together again.
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(2, journey.Dispatched.Count);
        var letter = journey.Dispatched[1];
        Assert.Equal((ActionKind.FINAL_NOTICE, Friday.AddDays(7)), (letter.Kind, letter.At));
        Assert.Equal(["A", "B", "C"], letter.Cases.Select(m => m.CaseId));
    }

    [Fact]
    public void A_payment_on_one_case_before_dispatch_takes_it_out_and_the_bundle_names_the_other_two()
    {
        var journey = ThreeCases(Bundled());
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 12, 12, 0, 0, TimeSpan.FromHours(1)));

        journey.Push(Payment(200m, "B", at: new DateTimeOffset(2026, 3, 12, 15, 0, 0, TimeSpan.FromHours(1))));
        journey.AdvanceTo(Friday.AddHours(1));

        var reminder = Assert.Single(journey.Dispatched);
        Assert.Equal(Friday, reminder.At);
        Assert.Equal([("A", "reminder", 100m), ("C", "reminder", 300m)], Members(reminder));
        Assert.DoesNotContain("bundle.case:B", reminder.Reasons);
        Assert.Contains(journey.State.Suppressed, s => s.CaseId == "B" && s.StepId == "reminder" && s.Reasons.Contains(Reasons.PaymentCancels));
    }

    [Fact]
    public void Payments_on_every_case_cancel_the_bundle_when_none_remains()
    {
        var journey = ThreeCases(Bundled());
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 12, 12, 0, 0, TimeSpan.FromHours(1)));
        var bundleId = journey.State.Actions.Single(a => a.Status == ActionStatus.PLANNED).ActionId;

        journey.Push(Payment(100m, "A", at: new DateTimeOffset(2026, 3, 12, 13, 0, 0, TimeSpan.FromHours(1))));
        Assert.Equal(["B", "C"], journey.State.FindAction(bundleId)!.Cases.Select(m => m.CaseId));
        journey.Push(Payment(200m, "B", at: new DateTimeOffset(2026, 3, 12, 14, 0, 0, TimeSpan.FromHours(1))));
        journey.Push(Payment(300m, "C", at: new DateTimeOffset(2026, 3, 12, 15, 0, 0, TimeSpan.FromHours(1))));
        journey.AdvanceTo(Monday.AddDays(30));

        Assert.Empty(journey.Dispatched);
        Assert.Null(journey.State.FindAction(bundleId));
        Assert.Contains(journey.State.Suppressed, s => s.ActionId == bundleId && s.Status == ActionStatus.CANCELLED && s.Reasons.Contains(Reasons.PaymentCancels));
    }

    [Fact]
    public void A_complaint_on_one_case_keeps_that_case_out_and_its_reminder_follows_on_its_own_after_the_hold()
    {
        var journey = ThreeCases(Bundled());
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 12, 12, 0, 0, TimeSpan.FromHours(1)));

        journey.Push(Make(TouchpointType.COMPLAINT_OPENED, "C", at: new DateTimeOffset(2026, 3, 12, 15, 0, 0, TimeSpan.FromHours(1)), eventId: "cmp-c", attributes: ("reason", "parcel never arrived")));
        journey.AdvanceTo(Friday.AddHours(1));

        var reminder = Assert.Single(journey.Dispatched);
        Assert.Equal([("A", "reminder", 100m), ("B", "reminder", 200m)], Members(reminder));
        Assert.Contains(journey.State.Suppressed, s => s.CaseId == "C" && s.Reasons.Contains(Reasons.Hold(HoldKind.COMPLAINT)));
        Assert.Null(journey.State.FindCase("C")!.Ladder.PlannedActionId);

        // Resolved on Wednesday 18 March at 10:00: C's reminder comes its full three days later, alone.
        var resolved = new DateTimeOffset(2026, 3, 18, 10, 0, 0, TimeSpan.FromHours(1));
        journey.Push(Make(TouchpointType.COMPLAINT_RESOLVED, "C", at: resolved, attributes: ("reference", "cmp-c")));
        journey.AdvanceTo(resolved.AddDays(4));
        var alone = journey.Dispatched.Single(a => a.Names("C"));
        Assert.Equal((resolved.AddDays(3), "C", false), (alone.At, alone.CaseId, alone.IsBundle));
    }

    [Theory]
    [InlineData("the large case's reminder goes by letter", """
        ladder:
          - { id: reminder-letter, after: P3D, kind: REMINDER, channel: LETTER, when: { minAmount: 250 } }
          - { id: reminder, after: P3D, kind: REMINDER, channel: EMAIL }
        """, Channel.LETTER, Sender.CLIENT)]
    [InlineData("the agency sends the large case's reminder", """
        ladder:
          - { id: reminder-agency, after: P3D, kind: REMINDER, channel: EMAIL, sender: AGENCY, when: { minAmount: 250 } }
          - { id: reminder, after: P3D, kind: REMINDER, channel: EMAIL }
        """, Channel.EMAIL, Sender.AGENCY)]
    public void Steps_on_another_channel_or_from_another_sender_go_separately(string because, string ladder, Channel largeChannel, Sender largeSender)
    {
        var journey = ThreeCases(Bundled(ladder));

        journey.AdvanceTo(Monday.AddHours(1));

        Assert.True(journey.Dispatched.Count == 2, because);
        var (small, large) = (journey.Dispatched[0], journey.Dispatched[1]);
        Assert.Equal((Friday, Channel.EMAIL, Sender.CLIENT), (small.At, small.Channel, small.Sender));
        Assert.Equal(["A", "B"], small.Cases.Select(m => m.CaseId));
        Assert.Equal((Monday, largeChannel, largeSender, "C", false), (large.At, large.Channel, large.Sender, large.CaseId, large.IsBundle));
    }

    [Fact]
    public void A_case_due_after_the_window_goes_on_its_own()
    {
        var journey = new JourneyDriver(Bundled(), Issued);
        journey.Push(Invoice("A", 100m, new DateOnly(2026, 3, 9), Issued));
        // Due 03-13: overdue Saturday 14 March, reminder Tuesday 17 March 07:00, past Monday 07:00.
        journey.Push(Invoice("D", 400m, new DateOnly(2026, 3, 13), Issued));

        journey.AdvanceTo(new DateTimeOffset(2026, 3, 17, 12, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal([("A", Friday, false), ("D", new DateTimeOffset(2026, 3, 17, 7, 0, 0, TimeSpan.FromHours(1)), false)], journey.Dispatched.Select(a => (a.CaseId!, a.At, a.IsBundle)));
    }

    [Fact]
    public void Cases_at_different_steps_bundle_and_each_is_counted_and_moves_on_at_its_own_step()
    {
        // A (due 03-02) has its first reminder alone on Fri 6 March and its second a week later, the
        // moment B (due 03-09) has its first: one e-mail for both.
        var policy = Bundled("""
            ladder:
              - { id: reminder-1, after: P3D, kind: REMINDER, channel: EMAIL }
              - { id: reminder-2, after: P7D, kind: REMINDER, channel: EMAIL }
              - { id: letter, after: P7D, kind: FINAL_NOTICE, channel: LETTER }
            """);
        var journey = new JourneyDriver(policy, Issued.AddDays(-7));
        journey.Push(Invoice("A", 100m, new DateOnly(2026, 3, 2), Issued.AddDays(-7)));
        journey.Push(Invoice("B", 200m, new DateOnly(2026, 3, 9), Issued));
        var before = journey.State;

        journey.AdvanceTo(Friday.AddHours(1));

        Assert.Equal(2, journey.Dispatched.Count);
        Assert.Equal(("A", Friday.AddDays(-7), false), (journey.Dispatched[0].CaseId, journey.Dispatched[0].At, journey.Dispatched[0].IsBundle));
        var bundle = journey.Dispatched[1];
        Assert.Equal([("A", "reminder-2", 100m), ("B", "reminder-1", 200m)], Members(bundle));
        Assert.Equal(["ladder.step:reminder-2", "ladder.step:reminder-1"], bundle.Reasons.Where(r => r.StartsWith("ladder.step:")));
        Assert.Equal(
            [Statistics.ContactKey(ActionKind.REMINDER, Channel.EMAIL, "reminder-2"), Statistics.ContactKey(ActionKind.REMINDER, Channel.EMAIL, "reminder-1")],
            Statistics.Facts(before, before, [bundle]).Select(f => f.Key));

        // Next: A's letter and B's second reminder, both seven days after the bundle.
        var next = journey.State.Cases.Select(c => journey.State.FindAction(c.Ladder.PlannedActionId!)!).Select(a => (a.CaseId, a.StepId, a.PlannedAt));
        Assert.Equal([("A", "letter", Friday.AddDays(7)), ("B", "reminder-2", Friday.AddDays(7))], next);
    }

    [Fact]
    public void A_payment_after_a_bundled_reminder_is_credited_to_the_step_it_followed_for_that_case()
    {
        var journey = ThreeCases(Bundled());
        journey.AdvanceTo(Friday.AddHours(1));

        journey.Push(Payment(300m, "C", at: Friday.AddDays(2)));

        var origin = journey.State.PaidAfter.Single(p => p.CaseId == "C");
        Assert.Equal((journey.Dispatched[0].ActionId, "reminder", ActionKind.REMINDER), (origin.ActionId, origin.StepId, origin.Kind));
    }

    [Fact]
    public void A_bundled_fourteen_day_letter_states_the_BIK_over_the_claims_together_and_one_deadline()
    {
        // 1,500 + 1,500 + 2,000 = 5,000: 15 % of 2,500 (375.00) + 10 % of 2,500 (250.00) = 625.00. Posted Friday
        // 20 March; received the second day after posting not counting the Sunday, Monday 23 March; fourteen days
        // later is Monday 6 April, Easter Monday, so the term runs to Tuesday 7 April.
        var journey = ThreeCases(Bundled(), 1_500m, 1_500m, 2_000m);

        journey.AdvanceTo(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.FromHours(1)));

        var letter = journey.Dispatched.Single(a => a.Kind == ActionKind.FINAL_NOTICE);
        Assert.Equal((625.00m, new DateOnly(2026, 3, 23), new DateOnly(2026, 4, 7)), (letter.CollectionCosts!.Value, letter.ReceivedOn!.Value, letter.Deadline!.Value));
        Assert.Equal(["A", "B", "C"], letter.Cases.Select(m => m.CaseId));
        Assert.Contains(Reasons.FourteenDayLetter, letter.Reasons);

        // Each case keeps the letter as evidence with its share (in proportion to its claim) and the one deadline.
        Assert.Equal(
            [("A", 1_500m, 187.50m), ("B", 1_500m, 187.50m), ("C", 2_000m, 250.00m)],
            journey.State.Cases.Select(c => (c.CaseId, c.FinalNotice!.Principal, c.FinalNotice.CollectionCosts)));
        Assert.All(journey.State.Cases, c => Assert.Equal((letter.ActionId, new DateOnly(2026, 4, 7), "bik:bundled"), (c.FinalNotice!.ActionId, c.FinalNotice.Deadline!.Value, c.FinalNotice.Basis)));
    }

    [Fact]
    public void A_later_letter_on_another_claim_counts_the_costs_the_bundled_letter_announced()
    {
        // After the bundled letter on 5,000 (625.00), a fourth claim of 1,000 gets its own letter: the scale over
        // 6,000 is 625.00 + 5 % of 1,000 = 675.00, less the 625.00 already announced: 50.00.
        var journey = ThreeCases(Bundled(), 1_500m, 1_500m, 2_000m);
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.FromHours(1)));
        journey.Push(Invoice("E", 1_000m, new DateOnly(2026, 3, 23), new DateTimeOffset(2026, 3, 20, 13, 0, 0, TimeSpan.FromHours(1))));

        journey.AdvanceTo(new DateTimeOffset(2026, 4, 8, 12, 0, 0, TimeSpan.FromHours(2)));

        var letter = journey.Dispatched.Single(a => a.Kind == ActionKind.FINAL_NOTICE && a.CaseId == "E");
        Assert.Equal((50.00m, false), (letter.CollectionCosts!.Value, letter.IsBundle));
    }

    [Fact]
    public void A_business_debtors_bundled_final_notice_follows_the_business_cost_rule_over_the_claims_together()
    {
        // 10 % with a 40.00 minimum: 100 + 200 + 300 together owe 60.00 (three letters would have owed 40.00 each).
        var journey = ThreeCases(Bundled(more: "wik: { businessCosts: { rule: PERCENTAGE, percent: 10, minimum: 40 } }"), debtorType: "BUSINESS");

        journey.AdvanceTo(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.FromHours(1)));

        var letter = journey.Dispatched.Single(a => a.Kind == ActionKind.FINAL_NOTICE);
        Assert.Equal((60.00m, (DateOnly?)null), (letter.CollectionCosts!.Value, letter.Deadline));
        Assert.Equal(["A", "B", "C"], letter.Cases.Select(m => m.CaseId));
        Assert.Equal([10.00m, 20.00m, 30.00m], journey.State.Cases.Select(c => c.FinalNotice!.CollectionCosts));
    }

    [Fact]
    public void A_tight_budget_still_lets_the_one_bundled_contact_out_where_three_single_ones_would_wait()
    {
        // One contact a week: bundled, all three cases are reminded on Friday; unbundled, B and C wait a week each.
        var bundled = ThreeCases(Bundled(budget: "budget: { maxContacts: 1, window: P7D, minGap: PT1H }"));
        var single = ThreeCases(Bundled(budget: "budget: { maxContacts: 1, window: P7D, minGap: PT1H }") with { Bundling = null });

        bundled.AdvanceTo(Monday.AddHours(1));
        single.AdvanceTo(Monday.AddHours(1));

        Assert.Equal(["A", "B", "C"], Assert.Single(bundled.Dispatched).Cases.Select(m => m.CaseId));
        Assert.Equal(["A"], single.Dispatched.Select(a => a.CaseId!));
        Assert.Contains(Reasons.BudgetWindow, single.State.FindAction(single.State.FindCase("B")!.Ladder.PlannedActionId!)!.Reasons);
    }

    [Fact]
    public void A_preview_of_a_draft_that_switches_bundling_on_shows_the_contacts_it_saves_and_each_case_moved()
    {
        // Unbundled: three reminders (Fri, Sat, Mon) and three letters a week after each; bundled: one of each,
        // on Friday 13 and Friday 20 March. A's contacts keep their moments; B's and C's come earlier.
        var bundled = Bundled();
        var history = ThreeCases(bundled).State.Timeline;
        var window = new PreviewWindow(Issued, new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.FromHours(2)));

        var preview = PolicyPreview.Run(Tenant, Customer, history, bundled with { Bundling = null }, bundled with { Version = 2 }, window, JourneySettings.Default);

        Assert.Equal((6L, 6L), (preview.Current.Contacts, preview.Current.CaseContacts));
        Assert.Equal((2L, 6L), (preview.Draft.Contacts, preview.Draft.CaseContacts));
        Assert.Equal(
            [("B", "reminder", Saturday, Friday), ("B", "letter", Saturday.AddDays(7), Friday.AddDays(7)),
             ("C", "reminder", Monday, Friday), ("C", "letter", Monday.AddDays(7), Friday.AddDays(7))],
            preview.Differences.SelectMany(d => d.Changes.Select(c => (d.CaseId!, c.StepId!, c.CurrentAt!.Value, c.DraftAt!.Value))));
        Assert.All(preview.Differences.SelectMany(d => d.Changes), c => Assert.Equal(ContactChangeKind.CHANGED, c.Change));
    }

    [Fact]
    public void Off_by_default_each_case_has_its_own_reminder()
    {
        var journey = ThreeCases(Bundled() with { Bundling = null });

        journey.AdvanceTo(Monday.AddHours(1));

        Assert.Equal([("A", Friday), ("B", Saturday), ("C", Monday)], journey.Dispatched.Select(a => (a.CaseId!, a.At)));
        Assert.All(journey.Dispatched, a => Assert.False(a.IsBundle));
        Assert.Null(new Policy().Bundling);
    }
}

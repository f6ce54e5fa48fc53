using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class WorklistTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_customers_state_gives_its_promises_holds_call_tasks_and_high_risk_as_items()
    {
        var state = Empty.Apply(
            Invoice("A", 100m, new DateOnly(2026, 3, 2), Start),
            Invoice("B", 40m, new DateOnly(2026, 3, 2), Start),
            Make(TouchpointType.COMPLAINT_OPENED, "A", at: Opened, eventId: "cmp", attributes: ("reason", "leak")),
            Make(TouchpointType.PROMISE_TO_PAY, "B", 40m, dueDate: new DateOnly(2026, 3, 20), at: Opened, eventId: "p1"),
            Make(TouchpointType.PROMISE_TO_PAY, "B", 40m, dueDate: new DateOnly(2026, 3, 25), at: Opened.AddDays(1), eventId: "p2"));
        state = state with
        {
            RiskLevel = RiskLevel.HIGH,
            Actions = [new OutboundAction { ActionId = "c-1/a9", CaseId = "B", Kind = ActionKind.CALL_TASK, Channel = Channel.PHONE, StepId = "call", Status = ActionStatus.DISPATCHED, At = Opened.AddDays(2) }],
        };

        var items = WorklistRules.Of(state);

        // The latest promise of B only; the hold on A with its reason; the dispatched call; the customer at high risk.
        Assert.Equal(
            [
                ("c-1/CALL_TASK/c-1%2Fa9", WorklistKind.CALL_TASK, "B", 40m),
                ("c-1/HIGH_RISK/risk", WorklistKind.HIGH_RISK, (string?)null, 140m),
                ("c-1/HOLD_WAITING/cmp", WorklistKind.HOLD_WAITING, "A", 100m),
                ("c-1/PROMISE_DUE/p2", WorklistKind.PROMISE_DUE, "B", 40m),
            ],
            items.Select(i => (i.ItemId, i.Kind, i.CaseId, i.AmountDue)));
        Assert.Equal(("leak", Opened), (items[2].Detail, items[2].Since!.Value));
        Assert.Equal(new DateOnly(2026, 3, 25), items[3].PromisedFor);
        Assert.Equal("c-1", WorklistRules.CustomerOf(items[0].ItemId));
    }

    [Fact]
    public void Paid_and_resolved_leave_nothing()
    {
        var state = Empty.Apply(
            Invoice("A", 100m, new DateOnly(2026, 3, 2), Start),
            Make(TouchpointType.COMPLAINT_OPENED, "A", at: Opened, eventId: "cmp", attributes: ("reason", "leak")),
            Make(TouchpointType.PROMISE_TO_PAY, "A", 100m, dueDate: new DateOnly(2026, 3, 20), at: Opened),
            Make(TouchpointType.COMPLAINT_RESOLVED, "A", at: Opened.AddDays(1), attributes: ("reference", "cmp")),
            Payment(100m, "A", Opened.AddDays(2)));

        Assert.Empty(WorklistRules.Of(state));
    }

    [Theory]
    [InlineData("2026-03-24", false, WorklistKind.PROMISE_DUE)]
    [InlineData("2026-03-25", true, WorklistKind.PROMISE_DUE)]
    [InlineData("2026-03-26", true, WorklistKind.BROKEN_PROMISE)]
    public void A_promise_is_on_the_list_from_its_day_and_broken_after_it(string today, bool due, WorklistKind kind)
    {
        var item = new WorklistItem("c/PROMISE_DUE/p", WorklistKind.PROMISE_DUE, "c", "B", null, new DateOnly(2026, 3, 25), 40m, "");
        var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((due, kind), (WorklistRules.Due(item, Opened, day), WorklistRules.KindAt(item, day)));
        Assert.Equal(new[] { Team.COLLECTION }, WorklistRules.TeamsOf(kind).AsEnumerable());
    }

    [Fact]
    public void The_order_is_by_kind_then_oldest_soonest_or_largest_then_id()
    {
        var today = new DateOnly(2026, 3, 26);
        WorklistItem Item(string id, WorklistKind kind, int? sinceDay = null, int? promisedDay = null, decimal amount = 0m) =>
            new(id, kind, "c", null, sinceDay is { } s ? new DateTimeOffset(2026, 3, s, 9, 0, 0, TimeSpan.FromHours(1)) : null, promisedDay is { } p ? new DateOnly(2026, 3, p) : null, amount, "");
        var items = new[]
        {
            Item("h-new", WorklistKind.HOLD_WAITING, sinceDay: 20),
            Item("r-small", WorklistKind.HIGH_RISK, amount: 10m),
            Item("p-due", WorklistKind.PROMISE_DUE, promisedDay: 26),
            Item("h-old", WorklistKind.HOLD_WAITING, sinceDay: 2),
            Item("call-b", WorklistKind.CALL_TASK, sinceDay: 10),
            Item("p-broken-later", WorklistKind.PROMISE_DUE, promisedDay: 24),
            Item("r-large", WorklistKind.HIGH_RISK, amount: 900m),
            Item("p-broken", WorklistKind.PROMISE_DUE, promisedDay: 20),
            Item("call-a", WorklistKind.CALL_TASK, sinceDay: 10),
        };

        Assert.Equal(
            ["p-broken", "p-broken-later", "call-a", "call-b", "p-due", "h-old", "h-new", "r-large", "r-small"],
            WorklistRules.Ordered(items, i => i, today).Select(i => i.ItemId));
    }
}

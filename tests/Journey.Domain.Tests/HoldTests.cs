using Journey.Domain;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class HoldTests
{
    private static readonly CustomerState TwoCases = Empty.Apply(Invoice("a", 100m), Invoice("b", 50m));

    [Theory]
    [InlineData(TouchpointType.COMPLAINT_OPENED, HoldKind.COMPLAINT)]
    [InlineData(TouchpointType.DISPUTE_OPENED, HoldKind.DISPUTE)]
    public void Opening_on_a_case_holds_that_case_only_with_its_reason(TouchpointType type, HoldKind kind)
    {
        var state = TwoCases.Apply(Make(type, "a", attributes: (AttributeKeys.Reason, "leak in the kitchen")));

        var hold = CaseStatus.ActiveHold(state, state.FindCase("a")!);
        Assert.Equal(("leak in the kitchen", kind), (hold!.Reason, hold.Kind));
        Assert.Null(CaseStatus.ActiveHold(state, state.FindCase("b")!));
    }

    [Fact]
    public void Opening_without_a_case_holds_every_case_including_ones_opened_while_it_lasts()
    {
        var state = TwoCases.Apply(Make(TouchpointType.COMPLAINT_OPENED, attributes: (AttributeKeys.Reason, "rent withheld")), Invoice("c", 10m));

        Assert.All(state.Cases, c => Assert.Equal("rent withheld", CaseStatus.ActiveHold(state, c)?.Reason));
    }

    [Fact]
    public void A_hold_without_a_reason_names_its_kind()
    {
        var state = TwoCases.Apply(Make(TouchpointType.DISPUTE_OPENED, "a"));

        Assert.Equal("dispute", CaseStatus.ActiveHold(state, state.FindCase("a")!)!.Reason);
    }

    [Fact]
    public void Resolution_with_a_reference_closes_that_hold_only()
    {
        var state = TwoCases.Apply(
            Make(TouchpointType.COMPLAINT_OPENED, "a", eventId: "cmp-1", attributes: (AttributeKeys.Reason, "first")),
            Make(TouchpointType.COMPLAINT_OPENED, "a", eventId: "cmp-2", attributes: (AttributeKeys.Reason, "second")),
            Make(TouchpointType.COMPLAINT_RESOLVED, "a", attributes: (AttributeKeys.Reference, "cmp-1")));

        Assert.Equal("second", CaseStatus.ActiveHold(state, state.FindCase("a")!)!.Reason);
    }

    [Fact]
    public void Resolution_without_a_reference_closes_every_hold_of_its_kind_in_its_scope()
    {
        var state = TwoCases.Apply(
            Make(TouchpointType.COMPLAINT_OPENED, "a"),
            Make(TouchpointType.COMPLAINT_OPENED, "b"),
            Make(TouchpointType.DISPUTE_OPENED, "a"),
            Make(TouchpointType.COMPLAINT_RESOLVED, "a"));

        Assert.Equal(HoldKind.DISPUTE, CaseStatus.ActiveHold(state, state.FindCase("a")!)!.Kind);
        Assert.NotNull(CaseStatus.ActiveHold(state, state.FindCase("b")!));

        state = state.Apply(Make(TouchpointType.COMPLAINT_RESOLVED), Make(TouchpointType.DISPUTE_RESOLVED));
        Assert.Empty(state.Holds);
    }

    [Fact]
    public void A_paid_case_is_not_on_hold()
    {
        var state = TwoCases.Apply(Make(TouchpointType.COMPLAINT_OPENED), Payment(100m, "a"));

        Assert.Null(CaseStatus.ActiveHold(state, state.FindCase("a")!));
        Assert.NotNull(CaseStatus.ActiveHold(state, state.FindCase("b")!));
    }
}

using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;

namespace Journey.Api.GraphQL;

// How these types are written: see the note at the top of CustomerGraphTypes.cs.

public sealed class ActionGraphType : ObjectGraphType<OutboundAction>
{
    public ActionGraphType()
    {
        Name = "Action";
        Field<NonNullGraphType<StringGraphType>>("actionId").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<StringGraphType>>("decidedBy")
            .Description("`rules` when the tenant's policy decided it (reasons name the rules), `team:<TEAM>` when a team booked it through requestContact.")
            .Resolve(c => c.Source.DecidedBy());
        Field<StringGraphType>("caseId").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<EnumerationGraphType<ActionKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<EnumerationGraphType<Sender>>>("sender").Resolve(c => c.Source.Sender);
        Field<NonNullGraphType<StringGraphType>>("senderName").Resolve(c => c.Source.SenderName);
        Field<StringGraphType>("wkiNumber").Description("The agency's WKI registration number when the sender is AGENCY.").Resolve(c => c.Source.WkiNumber);
        Field<NonNullGraphType<EnumerationGraphType<ActionStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("at").Description("When it is or was due, after quiet-hours and budget deferral.").Resolve(c => IsoTime.Format(c.Source.At));
        Field<NonNullGraphType<StringGraphType>>("plannedAt").Description("When it was due before deferral.").Resolve(c => IsoTime.Format(c.Source.PlannedAt));
        Field<StringGraphType>("sentAt").Resolve(c => c.Source.SentAt is { } sent ? IsoTime.Format(sent) : null);
        Field<StringGraphType>("deliveredAt").Description("From MESSAGE_DELIVERED: when the channel confirmed delivery.").Resolve(c => c.Source.DeliveredAt is { } delivered ? IsoTime.Format(delivered) : null);
        Field<StringGraphType>("failureReason").Description("From MESSAGE_FAILED's reason attribute: no-address, no-template, rejected, …").Resolve(c => c.Source.FailureReason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Description("Ids of the rules that decided it.").Resolve(c => c.Source.Reasons);
        ExplanationGraphType.Field(this, c => c.Reasons);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("notices").Description("What the message must say, e.g. MAY_HAVE_CROSSED.").Resolve(c => c.Source.Notices);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Resolve(c => c.Source.PolicyVersion);
        Field<StringGraphType>("template").Resolve(c => c.Source.Template);
        Field<StringGraphType>("stepId").Resolve(c => c.Source.StepId);
        Field<EnumerationGraphType<Team>>("team").Resolve(c => c.Source.Team);
        Field<DecimalGraphType>("collectionCosts").Description("On the 14-day letter to a consumer: the statutory (BIK) collection costs it announces.").Resolve(c => Money.Scaled(c.Source.CollectionCosts));
        Field<StringGraphType>("receivedOn").Description("On the 14-day letter: the day it counts as received.").Resolve(c => c.Source.ReceivedOn is { } day ? IsoTime.Format(day) : null);
        Field<StringGraphType>("deadline").Description("On the 14-day letter: the last day of the 14-day term.").Resolve(c => c.Source.Deadline is { } day ? IsoTime.Format(day) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BundledCaseGraphType>>>>("cases")
            .Description("A bundled contact (policy `bundling`): every case it speaks for, each at its own ladder step, the earliest first (`caseId` and `stepId` name that one). Empty for a contact about one case or none.")
            .Resolve(c => c.Source.Cases);
    }
}

public sealed class BundledCaseGraphType : ObjectGraphType<BundledCase>
{
    public BundledCaseGraphType()
    {
        Name = "BundledCase";
        Field<NonNullGraphType<StringGraphType>>("caseId").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<DecimalGraphType>>("amountDue").Description("What the case owed when bundled, and as dispatched once the contact went out.").Resolve(c => Money.Scaled(c.Source.AmountDue));
    }
}

public sealed class ContactDecisionGraphType : ObjectGraphType<ContactDecision>
{
    public ContactDecisionGraphType()
    {
        Name = "ContactDecision";
        Field<NonNullGraphType<EnumerationGraphType<ContactOutcome>>>("outcome").Resolve(c => c.Source.Outcome);
        Field<StringGraphType>("deferredUntil").Resolve(c => c.Source.DeferredUntil is { } until ? IsoTime.Format(until) : null);
        Field<NonNullGraphType<EnumerationGraphType<Sender>>>("sender").Resolve(c => c.Source.Sender);
        Field<NonNullGraphType<StringGraphType>>("senderName").Resolve(c => c.Source.SenderName);
        Field<StringGraphType>("wkiNumber").Resolve(c => c.Source.WkiNumber);
        Field<EnumerationGraphType<Channel>>("suggestedChannel").Resolve(c => c.Source.SuggestedChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Resolve(c => c.Source.Reasons);
        ExplanationGraphType.Field(this, c => c.Reasons);
        Field<StringGraphType>("actionId").Description("Set when ALLOWED: report the contact with this actionId.").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Resolve(c => c.Source.PolicyVersion);
    }
}

public sealed class ContactOptionGraphType : ObjectGraphType<ContactOption>
{
    public ContactOptionGraphType()
    {
        Name = "ContactOption";
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<ContactDecisionGraphType>>("decision").Resolve(c => c.Source.Decision);
    }
}

/// <summary>A reason id with its label from the domain's one reason catalogue.</summary>
public sealed class ExplanationGraphType : ObjectGraphType<Explanation>
{
    public ExplanationGraphType()
    {
        Name = "Explanation";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The reason id, as in `reasons`.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("label").Description("What it means, in plain words (with its parameter, e.g. the step or channel).").Resolve(c => c.Source.Label);
    }

    /// <summary>The <c>explanations</c> field beside a type's <c>reasons</c>.</summary>
    public static void Field<TSource>(ObjectGraphType<TSource> type, Func<TSource, IEnumerable<string>> reasons) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExplanationGraphType>>>>("explanations")
            .Description("The reasons in plain words, in the order of `reasons`.")
            .Argument<EnumerationGraphType<ExplanationLanguage>>("language", "EN (default) or NL.")
            .Resolve(c => ReasonCatalogue.Explain(reasons(c.Source), c.GetArgument("language", ExplanationLanguage.EN)).ToList());
}

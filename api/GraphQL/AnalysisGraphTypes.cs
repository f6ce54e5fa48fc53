using GraphQL;
using GraphQL.Types;
using Journey.Api.Application;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;

namespace Journey.Api.GraphQL;

// How these types are written: see the note at the top of CustomerGraphTypes.cs.

/// <summary>Generated from the record.</summary>
public sealed class SegmentCountGraphType : AutoRegisteringObjectGraphType<SegmentCount>
{
    public SegmentCountGraphType()
    {
        Name = "SegmentCount";
    }
}

// Generated from the record but for the list: GraphQL.NET does not map ImmutableArray<T> to a list by itself.

public sealed class SegmentPageGraphType : AutoRegisteringObjectGraphType<SegmentPage>
{
    public SegmentPageGraphType()
        : base(p => p.Members)
    {
        Name = "SegmentMembers";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("members").Description("Customer ids, ascending.").Resolve(c => c.Source.Members);
    }
}

// Generated from the record but for the list.

public sealed class ExperimentResultsGraphType : AutoRegisteringObjectGraphType<ExperimentResults>
{
    public ExperimentResultsGraphType()
        : base(r => r.Variants)
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VariantResultGraphType>>>>("variants").Resolve(c => c.Source.Variants);
    }
}

/// <summary>Generated from the record.</summary>
public sealed class VariantResultGraphType : AutoRegisteringObjectGraphType<VariantResult>;

public sealed class FeedbackGraphType : ObjectGraphType<FeedbackEntry>
{
    public FeedbackGraphType()
    {
        Name = "Feedback";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.EventId);
        Field<NonNullGraphType<StringGraphType>>("at").Resolve(c => IsoTime.Format(c.Source.At));
        Field<NonNullGraphType<EnumerationGraphType<TouchpointType>>>("type").Resolve(c => c.Source.Type);
        Field<IntGraphType>("score").Description("NPS score (0–10) on NPS_RESPONSE.").Resolve(c => c.Source.Score);
        Field<StringGraphType>("outcome").Description("Outcome of a CALL_COMPLETED.").Resolve(c => c.Source.Outcome);
        Field<StringGraphType>("nonPaymentReason").Description("A code of the policy's feedback.nonPaymentReasons.").Resolve(c => c.Source.NonPaymentReason);
        Field<StringGraphType>("contactActionId").Description("The action of the contact this answers, when it was one.").Resolve(c => c.Source.ContactActionId);
        Field<EnumerationGraphType<Team>>("contactTeam").Description("The team of the contact this answers.").Resolve(c => c.Source.ContactTeam);
        Field<EnumerationGraphType<Channel>>("contactChannel").Resolve(c => c.Source.ContactChannel);
        Field<StringGraphType>("contactStep").Description("The ladder step of the contact this answers.").Resolve(c => c.Source.ContactStepId);
    }
}

public sealed class TenantStatisticsGraphType : ObjectGraphType<TenantStatisticsView>
{
    public TenantStatisticsGraphType()
    {
        Name = "TenantStatistics";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("contacts").Description("Per action kind, channel and ladder step (null step: a triggered action).").Resolve(c => c.Source.Contacts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("byKind").Resolve(c => c.Source.ByKind);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("byChannel").Resolve(c => c.Source.ByChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("byStep").Resolve(c => c.Source.ByStep);
        Field<NonNullGraphType<IntGraphType>>("paidWithoutContact").Description("Payments on overdue-tracked cases that no contact of the engine preceded.").Resolve(c => (int)c.Source.PaidWithoutContact);
        Field<NonNullGraphType<NpsStatisticsGraphType>>("nps").Resolve(c => c.Source.Nps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NpsStatisticsGraphType>>>>("npsByTeam").Description("By the team of the contact each answer followed (`-`: none).").Resolve(c => c.Source.NpsByTeam);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NpsStatisticsGraphType>>>>("npsByStep").Description("By the ladder step of the contact each answer followed (`-`: not a ladder step).").Resolve(c => c.Source.NpsByStep);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NpsStatisticsGraphType>>>>("npsByChannel").Resolve(c => c.Source.NpsByChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CodeCountGraphType>>>>("nonPaymentReasons").Description("Reasons for non-payment reported on calls, most frequent first, with the policy's label.").Resolve(c => c.Source.NonPaymentReasons);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CodeCountGraphType>>>>("callOutcomes").Resolve(c => c.Source.CallOutcomes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DisputeStatisticsGraphType>>>>("disputes").Description("Disputes by reason: opened, decided (UPHELD, REJECTED, or RESOLVED without an outcome), and the mean days to a decision.").Resolve(c => c.Source.Disputes);
    }
}

public sealed class ContactStatisticsGraphType : ObjectGraphType<ContactStatistics>
{
    public ContactStatisticsGraphType()
    {
        Name = "ContactStatistics";
        Field<EnumerationGraphType<ActionKind>>("kind").Resolve(c => c.Source.Kind);
        Field<EnumerationGraphType<Channel>>("channel").Resolve(c => c.Source.Channel);
        Field<StringGraphType>("step").Resolve(c => c.Source.Step);
        Field<NonNullGraphType<IntGraphType>>("contacts").Description("Contacts dispatched.").Resolve(c => (int)c.Source.Contacts);
        Field<NonNullGraphType<IntGraphType>>("paid").Description("Contacts that a payment followed (before the next contact on the case); each counted once.").Resolve(c => (int)c.Source.Paid);
        Field<FloatGraphType>("paymentRate").Resolve(c => c.Source.PaymentRate);
        Field<FloatGraphType>("meanDaysToPay").Description("Days from the contact to the first payment after it.").Resolve(c => c.Source.MeanDaysToPay);
    }
}

public sealed class NpsStatisticsGraphType : ObjectGraphType<NpsStatistics>
{
    public NpsStatisticsGraphType()
    {
        Name = "NpsStatistics";
        Field<NonNullGraphType<StringGraphType>>("key").Description("The team, step or channel (`-`: none).").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("responses").Resolve(c => (int)c.Source.Responses);
        Field<FloatGraphType>("meanScore").Resolve(c => c.Source.MeanScore);
        Field<NonNullGraphType<IntGraphType>>("promoters").Description("Scores 9–10.").Resolve(c => (int)c.Source.Promoters);
        Field<NonNullGraphType<IntGraphType>>("detractors").Description("Scores 0–6.").Resolve(c => (int)c.Source.Detractors);
        Field<FloatGraphType>("score").Description("% promoters − % detractors (−100…100).").Resolve(c => c.Source.Score);
    }
}

public sealed class CodeCountGraphType : ObjectGraphType<CodeCount>
{
    public CodeCountGraphType()
    {
        Name = "CodeCount";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<StringGraphType>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => (int)c.Source.Count);
    }
}

public sealed class WorklistItemGraphType : ObjectGraphType<Journey.Abstractions.Worklists.WorklistEntry>
{
    public WorklistItemGraphType() => Wire.WorklistWire.Item.AddTo(this);
}

public sealed class WorklistPageGraphType : ObjectGraphType<WorklistPage>
{
    public WorklistPageGraphType()
    {
        Name = "WorklistPage";
        Field<NonNullGraphType<IntGraphType>>("total").Description("Items on the whole list, not only this page.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorklistItemGraphType>>>>("items").Resolve(c => c.Source.Items);
    }
}

public sealed class WorklistTakeGraphType : ObjectGraphType<Journey.Abstractions.Worklists.WorklistTake>
{
    public WorklistTakeGraphType()
    {
        Name = "WorklistTake";
        Field<NonNullGraphType<BooleanGraphType>>("taken").Description("True when the item is now the caller's.").Resolve(c => c.Source.Taken);
        Field<WorklistItemGraphType>("item").Description("The item with its lease (the holder's, when not taken); null when it is on no list.").Resolve(c => c.Source.Entry);
    }
}

public sealed class ReceivablesGraphType : ObjectGraphType<ReceivablesFigures>
{
    public ReceivablesGraphType() => Wire.ReceivablesWire.Figures.AddTo(this, new Dictionary<string, Action<ObjectGraphType<ReceivablesFigures>>>
    {
        ["dso"] = type => type.Field<FloatGraphType>("dso")
            .Description("Days sales outstanding, countback over the last `days` days (default 90, at most 730). Null when nothing was invoiced in the period while something is open.")
            .Argument<IntGraphType>("days")
            .ResolveAsync(c => c.Answer(() => Task.FromResult(ReceivablesAnswers.Dso(c.Source, c.GetArgument<int?>("days"))))),
        ["forecast"] = type => type.Field<ListGraphType<NonNullGraphType<ForecastWeekGraphType>>>("forecast")
            .Description("Per week from Monday: `past` weeks that ended (expected: what fell due in them), then this week and the next, `weeks` in all (default 13; expected: open amounts on a promise's day or their due date, from today on). Received: money that came in.")
            .Argument<IntGraphType>("weeks")
            .Argument<IntGraphType>("past")
            .ResolveAsync(c => c.Answer(() => Task.FromResult(ReceivablesAnswers.Forecast(c.Source, c.GetArgument<int?>("weeks"), c.GetArgument<int?>("past"))))),
    });
}

public sealed class AgeingRowGraphType : ObjectGraphType<AgeingRow>
{
    public AgeingRowGraphType() => Wire.ReceivablesWire.AgeingRow.AddTo(this);
}

/// <summary>The buckets by their own names (D1_30, not the D_1_30 the generated enum type would make of them).</summary>
public sealed class AgeingBucketGraphType : EnumerationGraphType
{
    public AgeingBucketGraphType()
    {
        Name = "AgeingBucket";
        foreach (var bucket in Enum.GetValues<AgeingBucket>())
        {
            Add(bucket.ToString(), bucket);
        }
    }
}

public sealed class ForecastWeekGraphType : ObjectGraphType<ForecastWeek>
{
    public ForecastWeekGraphType() => Wire.ReceivablesWire.ForecastWeek.AddTo(this);
}

/// <summary>Generated from the record.</summary>
public sealed class DisputeStatisticsGraphType : AutoRegisteringObjectGraphType<DisputeStatistics>;

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
    public ActionGraphType() => Wire.ActionWire.Action.AddTo(this, new Dictionary<string, Action<ObjectGraphType<OutboundAction>>>
    {
        ["explanations"] = type => ExplanationGraphType.Field(type, a => a.Reasons),
    });
}

public sealed class BundledCaseGraphType : ObjectGraphType<BundledCase>
{
    public BundledCaseGraphType() => Wire.ActionWire.Bundled.AddTo(this);
}

public sealed class ContactDecisionGraphType : ObjectGraphType<ContactDecision>
{
    public ContactDecisionGraphType() => Wire.ActionWire.Decision.AddTo(this, new Dictionary<string, Action<ObjectGraphType<ContactDecision>>>
    {
        ["explanations"] = type => ExplanationGraphType.Field(type, d => d.Reasons),
    });
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

using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;

namespace Journey.Messages;

/// <summary>
/// Checks a parsed template against the message model in every branch, not only the ones a sample render
/// would take: each variable's first name must be one of the model's (or one the template assigns, captures
/// or loops over), each member of a model object one that object has, and each filter one that exists.
/// </summary>
internal static partial class TemplateCheck
{
    private static readonly HashSet<string> ListMembers = ["size", "first", "last"];
    private static readonly HashSet<string> LoopMembers = ["index", "index0", "rindex", "rindex0", "first", "last", "length", "parentloop"];

    public static (int Line, string Message) LocateParseError(string error)
    {
        var position = Position().Match(error);
        var message = error.Split('\n')[0];
        return position.Success ? (int.Parse(position.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), message) : (1, message);
    }

    public static IEnumerable<(int Line, string Message)> Check(IFluidTemplate template, string source)
    {
        var visitor = new Visitor();
        visitor.VisitTemplate(template);
        var problems = new List<(int, string)>();
        foreach (var filter in visitor.Filters.Distinct())
        {
            if (!MessageRenderer.Options.Filters.TryGetValue(filter, out _))
            {
                problems.Add((LineOf(source, filter), $"unknown filter '{filter}'"));
            }
        }

        foreach (var path in visitor.Paths.Distinct(PathComparer.Instance))
        {
            if (Problem(path, visitor) is { } problem)
            {
                problems.Add((LineOf(source, path[^1]), problem));
            }
        }

        return problems;
    }

    private static string? Problem(IReadOnlyList<string> path, Visitor visitor)
    {
        var root = path[0];
        if (root == "forloop")
        {
            return path.Count > 1 && !LoopMembers.Contains(path[1]) ? $"unknown variable 'forloop.{path[1]}'" : null;
        }

        MessageModel.Shape? shape;
        if (visitor.LoopSources.TryGetValue(root, out var source))
        {
            // A loop variable has the shape of one item of what it loops over.
            shape = source is null ? MessageModel.Shape.Value : ShapeOf(source, visitor)?.Item ?? MessageModel.Shape.Value;
        }
        else if (visitor.Assigned.Contains(root))
        {
            return null;
        }
        else if (!MessageModel.Schema.Members!.TryGetValue(root, out shape))
        {
            return $"unknown variable '{root}' (the message model has {string.Join(", ", MessageModel.Schema.Members.Keys)})";
        }

        for (var i = 1; i < path.Count; i++)
        {
            if (shape.Item is not null && ListMembers.Contains(path[i]))
            {
                shape = path[i] is "first" or "last" ? shape.Item : MessageModel.Shape.Value;
                continue;
            }

            if (shape.Members is null || !shape.Members.TryGetValue(path[i], out var member))
            {
                return shape.Members is null
                    ? $"unknown variable '{string.Join('.', path.Take(i + 1))}' ('{string.Join('.', path.Take(i))}' has no members)"
                    : $"unknown variable '{string.Join('.', path.Take(i + 1))}' ('{string.Join('.', path.Take(i))}' has {string.Join(", ", shape.Members.Keys)})";
            }

            shape = member;
        }

        return null;
    }

    private static MessageModel.Shape? ShapeOf(IReadOnlyList<string> path, Visitor visitor)
    {
        MessageModel.Shape? shape = visitor.LoopSources.TryGetValue(path[0], out var outer)
            ? (outer is null ? null : ShapeOf(outer, visitor)?.Item)
            : MessageModel.Schema.Members!.GetValueOrDefault(path[0]);
        for (var i = 1; shape is not null && i < path.Count; i++)
        {
            shape = shape.Members?.GetValueOrDefault(path[i]);
        }

        return shape;
    }

    private static int LineOf(string source, string word)
    {
        var match = Regex.Match(source, $@"\b{Regex.Escape(word)}\b");
        return match.Success ? source[..match.Index].Count(c => c == '\n') + 1 : 1;
    }

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();

    private sealed class Visitor : AstVisitor
    {
        public List<string> Filters { get; } = [];
        public List<IReadOnlyList<string>> Paths { get; } = [];
        public HashSet<string> Assigned { get; } = [];

        /// <summary>Loop variables and the path they loop over (null: a range or something without a model path).</summary>
        public Dictionary<string, IReadOnlyList<string>?> LoopSources { get; } = [];

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            Filters.Add(filterExpression.Name);
            return base.VisitFilterExpression(filterExpression);
        }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = new List<string>();
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is not IdentifierSegment identifier)
                {
                    break;
                }

                names.Add(identifier.Identifier);
            }

            if (names.Count > 0)
            {
                Paths.Add(names);
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            IReadOnlyList<string>? source = forStatement.Source is MemberExpression member && member.Segments.All(s => s is IdentifierSegment)
                ? [.. member.Segments.Cast<IdentifierSegment>().Select(s => s.Identifier)]
                : null;
            LoopSources[forStatement.Identifier] = source;
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Assigned.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Assigned.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }
    }

    private sealed class PathComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly PathComparer Instance = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(IReadOnlyList<string> path) => string.Join('.', path).GetHashCode(StringComparison.Ordinal);
    }
}

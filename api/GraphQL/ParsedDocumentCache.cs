using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace Journey.Api.GraphQL;

/// <summary>
/// Front-ends send the same few documents over and over: a document that parsed and validated once
/// is kept (by its text) and not parsed or validated again — only the rules that depend on
/// variables (complexity) run for it. Bounded: past <see cref="MaxDocuments"/> new documents are
/// simply not cached.
/// </summary>
public sealed class ParsedDocumentCache : IConfigureExecution
{
    public const int MaxDocuments = 1_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { } query)
        {
            return await next(options);
        }

        var cached = _documents.TryGetValue(query, out var document);
        if (cached)
        {
            options.Document = document;

            // Complexity depends on the variables (first: $n), so it is weighed again every time.
            options.ValidationRules =
            [
                .. (options.ValidationRules ?? []).OfType<ComplexityValidationRule>(),
                .. options.CachedDocumentValidationRules ?? [],
            ];
        }

        var result = await next(options);
        if (!cached && result.Executed && result.Document is { } parsed && _documents.Count < MaxDocuments)
        {
            _documents.TryAdd(query, parsed);
        }

        return result;
    }
}

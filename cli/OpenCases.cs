using System.Collections.Concurrent;
using System.Globalization;
using Journey.Api.V1;

namespace Journey.Cli;

/// <summary>A case as Journey holds it: whose it is, what it still owes, and whether it is open.</summary>
public sealed record OpenCase(string CaseId, string CustomerId, decimal AmountDue, string Currency, bool Open = true);

/// <summary>
/// Every case of a tenant, read through the public API (the tenant's customer ids a page at a time, then each customer):
/// what a bank statement is matched against (paid cases too, so that a statement read again finds the same cases) and a
/// ledger is reconciled with (open cases only). Cases are found by their id and by the id's letters and digits alone, as a
/// structured (RF) reference carries it.
/// </summary>
public sealed class OpenCases
{
    private readonly Dictionary<string, OpenCase> _byId;
    private readonly Dictionary<string, List<OpenCase>> _byCompact;

    private OpenCases(IEnumerable<OpenCase> cases)
    {
        _byId = cases.ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        _byCompact = _byId.Values.GroupBy(c => Compact(c.CaseId), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public IEnumerable<OpenCase> Open => _byId.Values.Where(c => c.Open);

    public static async Task<OpenCases> LoadAsync(Engine engine, string tenant, Action<int>? progress, CancellationToken cancellation)
    {
        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = await engine.Client.ListCustomersAsync(new ListCustomersRequest { Tenant = tenant, First = 5000, After = after ?? "" }, engine.Headers, cancellationToken: cancellation);
            ids.AddRange(page.CustomerIds);
            after = page.Next.Length == 0 ? null : page.Next;
        }
        while (after is not null);

        var open = new ConcurrentBag<OpenCase>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (id, token) =>
        {
            var customer = await engine.Client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = id, TimelineLimit = 1 }, engine.Headers, cancellationToken: token);
            foreach (var @case in customer.Cases)
            {
                open.Add(new OpenCase(@case.CaseId, id, decimal.Parse(@case.AmountDue, CultureInfo.InvariantCulture), @case.Currency, @case.Stage is not (CaseStage.Paid or CaseStage.Closed)));
            }

            progress?.Invoke(1);
        });
        return new OpenCases(open);
    }

    public OpenCase? Find(string caseId) => _byId.GetValueOrDefault(caseId);

    /// <summary>The one open case whose id, reduced to letters and digits, is this; null when none or several are.</summary>
    public OpenCase? FindCompact(string reference) =>
        _byCompact.TryGetValue(Compact(reference), out var found) && found.Count == 1 ? found[0] : null;

    public static string Compact(string text) => string.Concat(text.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}

using System.Security.Claims;
using System.Collections.Immutable;
using Journey.Api.Security;
using Journey.Abstractions.Directory;

namespace Journey.Api.Application.UseCases;

/// <summary>A page of the tenant's customer ids.</summary>
public sealed record CustomerIdPage(ImmutableArray<string> Ids, string? Next);

/// <summary>
/// A page of the tenant's customer ids from its directory (a customer is listed when first stored, delisted when erased),
/// for batch work that must visit every customer (reconciliation). <see cref="After"/> is the previous page's
/// <c>Next</c>; null when there are no more.
/// </summary>
public sealed record ListCustomerIds(string? Tenant, int First, string? After) : UseCase<ListCustomerIds, CustomerIdPage>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public override void Check(InputCheck check)
    {
        if (CustomerDirectory.ParseCursor(After) is null)
        {
            check.Add("after", "is not a cursor this query gave");
        }
    }

    public sealed class Handler(IGrainFactory grains) : IHandler<ListCustomerIds, CustomerIdPage>
    {
        public async Task<CustomerIdPage> HandleAsync(ListCustomerIds request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var first = Math.Clamp(request.First <= 0 ? 1000 : request.First, 1, 5000);
            var (shard, afterId) = CustomerDirectory.ParseCursor(request.After)!.Value;
            var ids = ImmutableArray.CreateBuilder<string>();
            for (; shard < CustomerDirectory.Shards && ids.Count < first; shard++, afterId = null)
            {
                var page = await grains.GetGrain<ICustomerDirectoryGrain>($"{request.Tenant}/{shard}").Page(afterId, first - ids.Count);
                ids.AddRange(page);
                if (ids.Count >= first)
                {
                    return new CustomerIdPage(ids.ToImmutable(), CustomerDirectory.Cursor(shard, page[^1]));
                }
            }

            return new CustomerIdPage(ids.ToImmutable(), null);
        }
    }
}

using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Abstractions.Worklists;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>A page of the team's worklist in the worklist's order, read from the tenant's worklist shards (no customer grain is called).</summary>
public sealed record GetWorklist(string? Tenant, Team? Team, int? First, string? After) : UseCase<GetWorklist, WorklistPage>
{
    public const int DefaultPage = 50;

    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public override void Check(InputCheck check)
    {
        check.Require(Team, "team");
        if (First is < 1 or > 500)
        {
            check.Add("first", "must be between 1 and 500");
        }
    }

    public sealed class Handler(JourneyReader reader, IGrainFactory grains) : IHandler<GetWorklist, WorklistPage>
    {
        public async Task<WorklistPage> HandleAsync(GetWorklist request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            await reader.SettledAsync();
            var (now, today) = await reader.TenantTodayAsync(request.Tenant!);
            var all = await WorklistQuery.ReadAsync(grains, request.Tenant!, request.Team!.Value, now, today);
            var start = request.After is null ? 0 : all.IndexOf(all.FirstOrDefault(e => e.Item.ItemId == request.After)!) + 1;
            if (request.After is not null && start == 0)
            {
                throw new InvalidInputException([new FieldError("after", $"'{request.After}' is not on the team's worklist")]);
            }

            return new WorklistPage(all.Length, [.. all.Skip(start).Take(request.First ?? DefaultPage)]);
        }
    }
}

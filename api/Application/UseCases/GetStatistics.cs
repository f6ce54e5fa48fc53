using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;

namespace Journey.Api.Application.UseCases;

/// <summary>The tenant's statistics: payment rates, time to pay, NPS, reasons, disputes.</summary>
public sealed record GetStatistics(string? Tenant) : UseCase<GetStatistics, TenantStatisticsView>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetStatistics, TenantStatisticsView>
    {
        public Task<TenantStatisticsView> HandleAsync(GetStatistics request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            reader.StatisticsAsync(request.Tenant!);
    }
}

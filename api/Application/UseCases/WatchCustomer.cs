using Journey.Api.Security;

namespace Journey.Api.Application.UseCases;

/// <summary>The customer's state now, then after every persisted change (gRPC WatchCustomer, GraphQL customerChanged).</summary>
public sealed record WatchCustomer(string? Tenant, string? CustomerId, string IdField) : Feed<WatchCustomer, CustomerChangeEvent>
{
    public override Access Access => Access.ToCustomer(Tenant, CustomerId, IdField, Permission.Read);

    public sealed class Handler(JourneyFeeds feeds) : IFeedHandler<WatchCustomer, CustomerChangeEvent>
    {
        public IAsyncEnumerable<CustomerChangeEvent> Open(WatchCustomer request, CancellationToken cancellationToken) =>
            feeds.CustomerChangesAsync(request.Tenant!, request.CustomerId!, cancellationToken);
    }
}

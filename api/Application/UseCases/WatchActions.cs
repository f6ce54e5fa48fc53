using Journey.Api.Security;
using Journey.Abstractions.Outbox;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>
/// The tenant's dispatched actions and cancellations after <see cref="Cursor"/> (null: from now on), of
/// <see cref="Channels"/> when any are named (gRPC WatchActions for connectors, GraphQL actionsPlanned).
/// </summary>
public sealed record WatchActions(string? Tenant, long? Cursor, IReadOnlySet<Channel> Channels) : Feed<WatchActions, OutboxEntry>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Ingest);

    public sealed class Handler(JourneyFeeds feeds) : IFeedHandler<WatchActions, OutboxEntry>
    {
        public IAsyncEnumerable<OutboxEntry> Open(WatchActions request, CancellationToken cancellationToken) =>
            feeds.ActionsAsync(request.Tenant!, request.Cursor, request.Channels, cancellationToken);
    }
}

namespace Journey.Api.Application;

/// <summary>Opens one kind of feed, after the pipeline admitted it.</summary>
public interface IFeedHandler<in TRequest, out TItem>
{
    IAsyncEnumerable<TItem> Open(TRequest request, CancellationToken cancellationToken);
}

namespace Journey.Api.GraphQL;

/// <summary>Exposes an async stream as the IObservable GraphQL.NET subscriptions expect; disposing stops the stream.</summary>
public sealed class AsyncStreamObservable<T>(Func<CancellationToken, IAsyncEnumerable<T>> stream) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var cancellation = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in stream(cancellation.Token).WithCancellation(cancellation.Token))
                {
                    observer.OnNext(item);
                }

                observer.OnCompleted();
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                observer.OnError(exception);
            }
        }, CancellationToken.None);
        return new Subscription(cancellation);
    }

    private sealed class Subscription(CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose()
        {
            if (!cancellation.IsCancellationRequested)
            {
                cancellation.Cancel();
            }
        }
    }
}

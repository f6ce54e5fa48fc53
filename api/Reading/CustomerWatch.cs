using System.Threading.Channels;
using Journey.Abstractions;

namespace Journey.Api.Reading;

/// <summary>Starts watches on customers for streaming APIs.</summary>
public sealed class CustomerWatchFactory(IGrainFactory grains)
{
    /// <summary>How often a watch renews its registration, well inside <see cref="CustomerGrain.WatchLease"/>.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    public async Task<CustomerWatch> StartAsync(string tenant, string customerId, CancellationToken cancellationToken)
    {
        var watch = new CustomerWatch(grains, grains.Customer(tenant, customerId), tenant, customerId);
        await watch.StartAsync(cancellationToken);
        JourneyMetrics.WatchOpened();
        return watch;
    }
}

/// <summary>
/// A live subscription to one customer's changes. Notifications coalesce in a small buffer: when a
/// reader falls behind, older notifications are dropped, never newer ones, and every notification
/// carries the customer version so the reader re-reads the current state rather than replaying.
/// The registration is renewed periodically, so a watch survives the grain moving to another silo
/// (with at most one renewal period without notifications; the renewal itself reports the version).
/// </summary>
public sealed class CustomerWatch : ICustomerWatcher, IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ICustomerGrain _customer;
    private readonly string _tenant;
    private readonly string _customerId;
    private readonly Channel<CustomerChanged> _changes = Channel.CreateBounded<CustomerChanged>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stop = new();
    private ICustomerWatcher? _reference;
    private Task? _renewal;

    internal CustomerWatch(IGrainFactory grains, ICustomerGrain customer, string tenant, string customerId)
    {
        _grains = grains;
        _customer = customer;
        _tenant = tenant;
        _customerId = customerId;
    }

    public Task OnChanged(CustomerChanged change)
    {
        _changes.Writer.TryWrite(change);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<CustomerChanged> ReadAllAsync(CancellationToken cancellationToken) => _changes.Reader.ReadAllAsync(cancellationToken);

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = _grains.CreateObjectReference<ICustomerWatcher>(this);
        await RegisterAsync();
        _renewal = RenewAsync(_stop.Token);
    }

    private async Task RegisterAsync()
    {
        var version = await _customer.Watch(_reference!);
        if (version > 0)
        {
            _changes.Writer.TryWrite(new CustomerChanged(_tenant, _customerId, version, []));
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(CustomerWatchFactory.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RegisterAsync();
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The cluster is briefly unreachable; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_renewal is not null)
        {
            await _renewal;
        }

        if (_reference is not null)
        {
            try
            {
                await _customer.Unwatch(_reference);
            }
            catch (Exception)
            {
                // The lease expires on its own.
            }

            _grains.DeleteObjectReference<ICustomerWatcher>(_reference);
        }

        _changes.Writer.TryComplete();
        _stop.Dispose();
        JourneyMetrics.WatchClosed();
    }
}

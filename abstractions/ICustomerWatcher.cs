using Journey.Domain;
using Journey.Domain.Rules;
using Orleans.Concurrency;

namespace Journey.Abstractions;

[Alias("journey.ICustomerWatcher")]
public interface ICustomerWatcher : IGrainObserver
{
    [Alias("OnChanged"), OneWay]
    Task OnChanged(CustomerChanged change);
}

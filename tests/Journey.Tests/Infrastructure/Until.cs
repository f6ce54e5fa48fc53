namespace Journey.Tests.Infrastructure;

/// <summary>
/// Polls for an observable outcome until a deadline: every wait in these tests goes through here, so
/// none is a fixed sleep and none is unbounded. A probe whose HTTP call fails counts as "not yet".
/// </summary>
public static class Until
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, TimeSpan? interval = null) =>
        await ValueAsync(async () => await condition() ? "" : null, timeout, failure, interval: interval);

    /// <summary>The first value <paramref name="probe"/> answers; <paramref name="last"/> says what was seen when the deadline passes.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string failure, Func<string>? last = null, TimeSpan? interval = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(last is null ? failure : $"{failure} (last seen: {last()})");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>The first answer of <paramref name="probe"/> that <paramref name="done"/> accepts; the last answer is in the failure.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string failure, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{failure} (last seen: {value})");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}

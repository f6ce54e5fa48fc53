namespace Journey.Tests.Infrastructure;

/// <summary>Polls for an observable outcome until a deadline; a probe whose HTTP call fails counts as "not yet".</summary>
public static class Until
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure) =>
        await ValueAsync(async () => await condition() ? "" : null, timeout, failure);

    /// <summary>The first value <paramref name="probe"/> answers; <paramref name="last"/> says what was seen when the deadline passes.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string failure, Func<string>? last = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
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

            await Task.Delay(250);
        }

        throw new TimeoutException(last is null ? failure : $"{failure} (last seen: {last()})");
    }
}

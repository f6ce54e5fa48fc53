namespace Journey.Silo;

/// <summary>Waits for a Journey host to answer 200 on <c>/health/ready</c>: for whatever starts one and then talks to it.</summary>
public static class ReadinessProbe
{
    public static async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the Journey host at {http.BaseAddress} did not become ready within {timeout.TotalSeconds:N0} s");
    }
}

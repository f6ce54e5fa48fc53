namespace Journey.LoadTests.Harness;

/// <summary>The Orleans baseline: a grain call that does nothing, from the API's side of the silo.</summary>
[Alias("journey.load.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("Ping")]
    Task<int> Ping(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}

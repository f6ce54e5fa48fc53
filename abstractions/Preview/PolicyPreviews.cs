using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

public static class PolicyPreviews
{
    public static string Key(string tenant, string id) => $"{tenant}/{id}";
}

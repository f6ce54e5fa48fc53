using Journey.Api.Hosting;
using Journey.Api.Security;

namespace Journey.Silo;

/// <summary>
/// `dotnet run --project silo -- token --tenant webshop [--tenant housing] --role read [--role ingest] [--hours 8] [--Journey:Auth:SigningKey=…]`
/// prints a bearer token signed with the silo's key (from configuration, like the silo reads it).
/// </summary>
public static class DevToken
{
    public static int Print(string[] args)
    {
        string[] Values(string name) => [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1])];

        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a.StartsWith("--Journey:", StringComparison.Ordinal))])
            .Build();
        var auth = configuration.GetSection(JourneyAuthOptions.Section).Get<JourneyAuthOptions>() ?? new JourneyAuthOptions();
        if (auth.SigningKey is not { Length: >= 32 })
        {
            throw new JourneyConfigurationException("Journey:Auth:SigningKey (at least 32 characters) is needed to sign a token");
        }

        var tenants = Values("--tenant");
        var roles = Values("--role");
        if (tenants.Length == 0 || roles.Length == 0)
        {
            Console.Error.WriteLine("usage: token --tenant T [--tenant T2] --role ingest|read|agent|policy-admin|operator [--role …] [--hours 8]");
            return 2;
        }

        var hours = Values("--hours") is [var h] ? double.Parse(h, System.Globalization.CultureInfo.InvariantCulture) : 8;
        Console.WriteLine(DevTokens.Mint(auth, tenants, roles, TimeSpan.FromHours(hours)));
        return 0;
    }
}

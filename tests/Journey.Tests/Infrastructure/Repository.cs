namespace Journey.Tests.Infrastructure;

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Journey.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Journey.sln not found above " + AppContext.BaseDirectory);
    }
}

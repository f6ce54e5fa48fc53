using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Journey.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddAzureBlobGrainStorage(this IServiceCollection services, string name, AzureBlobStorageOptions options) =>
        services.AddGrainStorage(name, (provider, storageName) => new AzureBlobGrainStorage(
            storageName,
            options,
            provider.GetRequiredService<IGrainStorageSerializer>(),
            provider.GetRequiredService<ILogger<AzureBlobGrainStorage>>()));
}

using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace Journey.Storage;

public sealed class AzureBlobStorageOptions
{
    public const string DefaultContainer = "grainstate";

    /// <summary>Azure Storage connection string (Journey:AzureBlob).</summary>
    public string ConnectionString { get; set; } = "";

    public string ContainerName { get; set; } = DefaultContainer;
}

/// <summary>
/// Grain storage on Azure Blob Storage, laid out like the official Orleans provider so a later switch
/// is a configuration change: container <c>grainstate</c>, one blob <c>{stateName}-{grainId}.json</c>
/// per grain state, JSON from the silo's grain storage serializer (System.Text.Json).
/// Optimistic concurrency on the blob ETag: the first write is If-None-Match: *, later writes are
/// If-Match: the ETag read; 409 or 412 becomes <see cref="InconsistentStateException"/>, so a write
/// never silently overwrites another activation's. Clear deletes the blob (If-Match) and resets the
/// state to its default: a cleared grain reads as never written.
/// </summary>
public sealed partial class AzureBlobGrainStorage(
    string name,
    AzureBlobStorageOptions options,
    IGrainStorageSerializer serializer,
    ILogger<AzureBlobGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    // Fail within seconds when storage is down, so ingest can answer UNAVAILABLE instead of hanging.
    private readonly BlobContainerClient _container = new(options.ConnectionString, options.ContainerName, new BlobClientOptions
    {
        Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(10) },
    });

    public static string BlobName(string stateName, GrainId grainId) => $"{stateName}-{grainId}.json";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _container.GetBlobClient(BlobName(stateName, grainId));
        try
        {
            var content = await blob.DownloadContentAsync();
            var data = content.Value.Content;
            grainState.State = data.ToMemory().Length == 0 ? Activator.CreateInstance<T>() : serializer.Deserialize<T>(data);
            grainState.ETag = content.Value.Details.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.NotFound)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _container.GetBlobClient(BlobName(stateName, grainId));
        var conditions = grainState.ETag is { } etag
            ? new BlobRequestConditions { IfMatch = new ETag(etag) }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        var upload = new BlobUploadOptions
        {
            Conditions = conditions,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };

        var content = serializer.Serialize(grainState.State);
        try
        {
            var response = await UploadAsync(blob, content, upload);
            grainState.ETag = response.Value.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException exception) when (exception.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            throw Inconsistent(stateName, grainId, grainState.ETag, exception);
        }
    }

    // The container can disappear (deleted by an operator, an emulator reset): create it again, once.
    private async Task<Response<BlobContentInfo>> UploadAsync(BlobClient blob, BinaryData content, BlobUploadOptions upload)
    {
        try
        {
            return await blob.UploadAsync(content, upload);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await _container.CreateIfNotExistsAsync();
            return await blob.UploadAsync(content, upload);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _container.GetBlobClient(BlobName(stateName, grainId));
        try
        {
            var conditions = grainState.ETag is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) } : null;
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions);
        }
        catch (RequestFailedException exception) when (exception.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            throw Inconsistent(stateName, grainId, grainState.ETag, exception);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(AzureBlobGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, InitializeAsync);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        LogReady(logger, name, _container.Name, _container.Uri);
    }

    private static InconsistentStateException Inconsistent(string stateName, GrainId grainId, string? etag, Exception cause) =>
        new($"Blob {BlobName(stateName, grainId)} changed since it was read (ETag {etag ?? "none"}): another activation wrote it", "unknown", etag ?? "", cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Blob grain storage {Name} ready: container {Container} at {Uri}")]
    private static partial void LogReady(ILogger logger, string name, string container, Uri uri);
}

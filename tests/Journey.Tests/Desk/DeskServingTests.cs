using System.Net;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Desk;

/// <summary>The desk is served by every role that serves GraphQL, from the files embedded in the API.</summary>
public abstract class DeskServingContract(IJourneyEndpoints host)
{
    [Fact]
    public async Task The_desk_page_and_its_files_are_served_and_nothing_else_under_it()
    {
        using var page = await host.Http.GetAsync("/desk");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var file in new[] { "desk.js", "desk.css" })
        {
            Assert.Contains($"/desk/{file}", html, StringComparison.Ordinal);
            using var asset = await host.Http.GetAsync($"/desk/{file}");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }

        Assert.DoesNotContain("localStorage", await host.Http.GetStringAsync("/desk/desk.js"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/desk/nothing.js")).StatusCode);
    }
}

[Collection(SimulatedHostCollection.Name)]
public sealed class DeskOnTheSiloTests(SimulatedHostFixture host) : DeskServingContract(host);

[Collection(ApiHostClusterCollection.Name)]
public sealed class DeskOnTheApiHostTests(ApiHostClusterFixture host) : DeskServingContract(host);

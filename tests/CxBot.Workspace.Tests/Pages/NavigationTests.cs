using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Pages;

/// <summary>The header every page shares: its links by role, and languages that keep the reader where they are.</summary>
public sealed class NavigationTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_language_links_keep_the_reader_on_the_page_they_are_reading()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var themes = await http.GetStringAsync("/workspace/themes?lang=ru", ct);
        var pulse = await http.GetStringAsync("/workspace/pulse", ct);

        Assert.Contains("href=\"/workspace/themes?lang=pl\"", themes, StringComparison.Ordinal);
        Assert.Contains("href=\"/workspace/pulse?lang=ro\"", pulse, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/workspace?lang=pl\" lang=\"pl\"", themes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vera", false)]
    [InlineData("ana", false)]
    [InlineData("adam", true)]
    public async Task Every_role_sees_the_team_pages_and_only_an_admin_sees_the_admin_pages(string user, bool admin)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = await app.SignedInAsync(user, ct);

        var html = await http.GetStringAsync("/workspace", ct);

        foreach (var page in new[] { "themes", "corrections", "cases", "pulse" })
        {
            Assert.Contains($"href=\"/workspace/{page}?lang=en\"", html, StringComparison.Ordinal);
        }

        foreach (var page in new[] { "audit", "alerts", "users" })
        {
            Assert.Equal(admin, html.Contains($"href=\"/workspace/{page}?lang=en\"", StringComparison.Ordinal));
        }
    }
}

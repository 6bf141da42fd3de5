using CxBot.Testing;

namespace CxBot.Storage.Tests.Testing;

/// <summary>The shared fixture other projects' tests rely on.</summary>
public sealed class RedisServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_append_only_a_restart_keeps_the_port_and_forgets_the_data()
    {
        await using var server = await RedisServer.StartNewAsync(appendOnly: false, Ct);
        var port = server.Port;
        using (var before = server.Connect())
        {
            await before.GetDatabase().StringSetAsync("k", "v");
        }

        await server.RestartAsync(Ct);

        using var after = server.Connect();
        Assert.Equal(port, server.Port);
        Assert.True(server.IsRunning);
        Assert.False(await after.GetDatabase().KeyExistsAsync("k"));
    }

    [Fact]
    public async Task Disposing_the_server_ends_its_process()
    {
        var server = await RedisServer.StartNewAsync(appendOnly: false, Ct);
        var directory = server.DataDirectory;

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Prefixes_are_unique_and_brace_free()
    {
        var prefixes = Enumerable.Range(0, 100).Select(_ => RedisServer.NewPrefix()).ToArray();

        Assert.Equal(prefixes.Length, prefixes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(prefixes, p => Assert.DoesNotContain('{', p));
    }

    [Fact]
    public void The_repository_and_the_shared_folder_are_found()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "CxBot.sln")));
        Assert.True(Directory.Exists(RepositoryPaths.InShared("spec")));
    }
}

using CxBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Infrastructure;

/// <summary>
/// The real host on Kestrel (a real socket on 127.0.0.1), with the repository's appsettings.json and
/// dialogs/, its Redis pointed at the test's redis-server and a key prefix of its own.
/// </summary>
public sealed class BotApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public BotApp(string redisConnection, string keyPrefix, IDictionary<string, string?>? settings = null)
    {
        _settings = new()
        {
            ["ConnectionStrings:Redis"] = redisConnection,
            ["Redis:KeyPrefix"] = keyPrefix,
            ["MicrosoftAppId"] = "",
            ["MicrosoftAppPassword"] = "",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        UseKestrel(0);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public BotApp Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryPaths.Root);
        builder.UseEnvironment("Development");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
    }
}

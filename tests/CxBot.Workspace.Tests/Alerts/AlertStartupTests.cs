using CxBot.Testing;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>The alerts' configuration is checked when the host starts, not when the first urgent case comes.</summary>
public sealed class AlertStartupTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task A_host_with_a_json_webhook_without_a_long_secret_does_not_start_and_does_not_echo_the_address()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Address = "https://hooks.example.com/cx/a-path-with-a-key-9f8e7d";

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => AlertsApp.StartAsync(redis, postgres,
        [
            new("Workspace:Alerts:Webhooks:0:Name", "ops"),
            new("Workspace:Alerts:Webhooks:0:Url", Address),
            new("Workspace:Alerts:Webhooks:0:Secret", "too-short"),
            new("Workspace:Alerts:Webhooks:0:Format", "json"),
        ], ct));

        Assert.Contains("Workspace:Alerts:Webhooks:0:Secret", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Address, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", failure.Message, StringComparison.Ordinal);
    }
}

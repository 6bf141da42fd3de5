using CxBot.Workspace.Alerts;

namespace CxBot.Workspace.Tests.Alerts;

public sealed class AlertOptionsTests
{
    private static AlertWebhook Json(string name = "ops", string url = "https://hooks.example.com/cx", string? secret = "0123456789abcdef0123456789abcdef") =>
        new() { Name = name, Url = url, Secret = secret, Format = AlertFormats.Json };

    private static IReadOnlyList<string> Failures(AlertOptions options)
    {
        var result = new AlertWebhooksValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void A_json_webhook_with_an_absolute_address_and_a_long_secret_is_valid() =>
        Assert.Empty(Failures(new AlertOptions { Webhooks = [Json(), new AlertWebhook { Name = "teams", Url = "https://x.webhook.office.com/webhookb2/k", Format = AlertFormats.Teams }] }));

    [Theory]
    [InlineData("/hooks/cx")]
    [InlineData("ftp://hooks.example.com/cx")]
    [InlineData("hooks.example.com")]
    [InlineData("")]
    public void A_webhook_address_that_is_not_absolute_http_is_refused_without_repeating_it(string url)
    {
        var failure = Assert.Single(Failures(new AlertOptions { Webhooks = [Json(url: url)] }));
        Assert.Contains("Workspace:Alerts:Webhooks:0:Url", failure, StringComparison.Ordinal);
        if (url.Length > 0)
        {
            Assert.DoesNotContain(url, failure, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short-secret")]
    public void A_json_webhook_needs_a_secret_of_32_characters_or_more(string? secret)
    {
        var failure = Assert.Single(Failures(new AlertOptions { Webhooks = [Json(secret: secret)] }));
        Assert.Contains("Workspace:Alerts:Webhooks:0:Secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_a_bad_name_and_a_repeated_name_are_refused()
    {
        var failures = Failures(new AlertOptions
        {
            Webhooks = [Json(), Json(), new AlertWebhook { Name = "a b", Url = "https://x.example.com", Format = "slack" }],
        });

        Assert.Contains(failures, f => f.Contains("Webhooks:2:Format", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Webhooks:2:Name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("names 'ops' more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void The_maximum_delay_may_not_be_shorter_than_the_base_delay() =>
        Assert.Contains(Failures(new AlertOptions { BaseDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(1) }),
            f => f.Contains("MaxDelay", StringComparison.Ordinal));
}

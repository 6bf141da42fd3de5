using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Host.Tests.WebChat;

public sealed class WebChatEndpointTests(RedisServer redis)
{
    private BotApp NewApp(Dictionary<string, string?>? settings = null) =>
        new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), settings).Start();

    [Fact]
    public async Task Token_minting_is_limited_per_client_address()
    {
        await using var app = NewApp(new() { ["WebChat:TokensPerMinute"] = "3" });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.PostAsJsonAsync("/api/webchat/token", new { locale = "en-US" }, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_token_binds_one_conversation_and_a_dl_user_and_no_secret_reaches_the_page()
    {
        await using var app = NewApp(new() { ["WebChat:SigningKey"] = "a-key-that-must-never-appear-on-the-page-0123456789" });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await http.PostAsJsonAsync("/api/webchat/token", new { locale = "pl-PL" }, TestContext.Current.CancellationToken);
        using var grant = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var token = grant.RootElement.GetProperty("token").GetString()!;
        var claims = JsonDocument.Parse(Convert.FromBase64String(Pad(token.Split('.')[1]))).RootElement;
        Assert.Equal(grant.RootElement.GetProperty("conversationId").GetString(), claims.GetProperty("conv").GetString());
        Assert.StartsWith("dl_", claims.GetProperty("user").GetString(), StringComparison.Ordinal);
        Assert.Equal(30 * 60, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());

        var page = await http.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("a-key-that-must-never-appear", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_has_a_strict_content_security_policy_and_the_browser_language()
    {
        await using var app = NewApp(new() { ["WebChat:BrandName"] = "Magazin <Bun>", ["WebChat:BrandColor"] = "#aa3300" });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("ru-RU,ru;q=0.9,en;q=0.5");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
        Assert.Contains("Magazin &lt;Bun&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Magazin <Bun>", html, StringComparison.Ordinal);
        Assert.Contains("--cx-brand:#aa3300", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signing_key_shorter_than_32_characters_stops_the_host_at_start()
    {
        var app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), new Dictionary<string, string?> { ["WebChat:SigningKey"] = "short" });
        var failure = Record.Exception(() => app.Start());
        await app.DisposeAsync();
        Assert.NotNull(failure);
        var message = failure.ToString();
        Assert.Contains("WebChat:SigningKey", message, StringComparison.Ordinal);
        Assert.DoesNotContain("short\"", message, StringComparison.Ordinal);
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}

using System.Net;
using System.Text;
using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Http;

/// <summary>Bad input gets a clear answer and loses nothing; it never becomes a 500.</summary>
public sealed class BadInputTests(BotAppFixture bot) : IClassFixture<BotAppFixture>
{
    private async Task<HttpResponseMessage> PostRawAsync(string body, CancellationToken ct) =>
        await bot.Http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"), ct);

    [Theory]
    [InlineData("{\"type\": \"message\", ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"text\": \"hello\"}")]
    [InlineData("{\"type\": 42}")]
    [InlineData("{\"type\": \"message\", \"text\": {\"nested\": true}}")]
    [InlineData("")]
    public async Task A_body_that_is_not_an_activity_gets_400_with_problem_details(string body)
    {
        using var response = await PostRawAsync(body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Deeply_nested_json_gets_400()
    {
        var body = "{\"type\":\"message\",\"value\":" + new string('[', 500) + new string(']', 500) + "}";
        using var response = await PostRawAsync(body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_activity_over_256_KB_gets_413()
    {
        var chat = bot.NewChat();
        var activity = chat.Message(new string('x', 300 * 1024));
        using var response = await chat.PostAsync(activity, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_activity_type_is_ignored_with_200()
    {
        var chat = bot.NewChat();
        var activity = chat.Message("hi");
        activity["type"] = "somethingNew";
        using var response = await chat.PostAsync(activity, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(bot.Channel.Received(chat.ConversationId));
    }

    [Fact]
    public async Task Ten_thousand_characters_of_open_text_are_accepted_and_stored_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("6", ct);
        var longText = string.Concat(Enumerable.Repeat("The parcel came late and nobody told me why. ", 230))[..10_000];
        await chat.SendAsync(longText, ct);

        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        Assert.Equal(10_000, Assert.Single(recorded, a => a.QuestionId == "reason").Text!.Length);
    }

    [Fact]
    public async Task Control_characters_and_broken_surrogates_are_cleaned_not_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: "en-US");
        await chat.SendAsync("hi", ct);
        // JSON escapes: a NUL, a bell, a lone high surrogate and a lone low surrogate around the answer.
        var body = chat.Message("PLACEHOLDER").ToJsonString().Replace("PLACEHOLDER", "\\u0000\\u0007 9 \\ud800", StringComparison.Ordinal);
        using var response = await PostRawAsync(body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var nps = Assert.Single(await bot.RecordedAsync(chat.ConversationId, ct), a => a.QuestionId == "nps");
        Assert.Equal("9", nps.ValueJson);
        Assert.DoesNotContain(nps.Text!, c => char.IsControl(c));
    }

    [Fact]
    public async Task Other_verbs_on_the_endpoint_get_405()
    {
        using var response = await bot.Http.GetAsync("/api/messages", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}

using System.Collections.Concurrent;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Host.Tests.Analysis;

/// <summary>
/// With an LLM configured, the follow-up to a vague open answer is written by it; only masked text is
/// sent, and when the LLM fails the survey's own templates take over.
/// </summary>
public sealed class LlmFollowUpTests(RedisServer redis) : IAsyncLifetime
{
    private const string WrittenQuestion = "What exactly went wrong with your delivery?";
    private readonly ConcurrentQueue<string> _requests = new();
    private volatile bool _failing;
    private WebApplication _llm = null!;
    private ChannelStandIn _channel = null!;
    private BotApp _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _llm = builder.Build();
        // The OpenAI chat-completions wire format, as any OpenAI-compatible server answers it.
        _llm.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _requests.Enqueue(await reader.ReadToEndAsync());
            if (_failing) return Results.Json(new { error = new { message = "overloaded" } }, statusCode: 400);
            return Results.Json(new
            {
                id = "chatcmpl-1", @object = "chat.completion", created = 1_764_000_000, model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = WrittenQuestion }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 50, completion_tokens = 9, total_tokens = 59 },
            });
        });
        await _llm.StartAsync();
        var llmAddress = _llm.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        _channel = await ChannelStandIn.StartAsync(CancellationToken.None);
        _app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), new Dictionary<string, string?>
        {
            ["Analysis:Provider"] = "SemanticKernel",
            ["Analysis:SemanticKernel:Kind"] = "OpenAI",
            ["Analysis:SemanticKernel:Endpoint"] = llmAddress + "/v1",
            ["Analysis:SemanticKernel:Model"] = "test-model",
            ["Analysis:SemanticKernel:ApiKey"] = "test-key",
            ["Analysis:SemanticKernel:MaxRetries"] = "0",
        }).Start();
        _http = new HttpClient { BaseAddress = _app.BaseAddress };
    }

    [Fact]
    public async Task A_vague_answer_gets_the_question_the_LLM_wrote_and_only_masked_text_leaves()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = new CustomerChat(_http, _channel, locale: "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("3", ct);
        var followUp = await chat.SendAsync("bad. john.smith@example.com", ct);

        Assert.Equal(WrittenQuestion, followUp.Text);
        var sent = Assert.Single(_requests);
        Assert.DoesNotContain("john.smith", sent);
        Assert.Contains("[email]", sent);
    }

    [Fact]
    public async Task When_the_LLM_fails_the_follow_up_comes_from_the_templates()
    {
        var ct = TestContext.Current.CancellationToken;
        _failing = true;
        var chat = new CustomerChat(_http, _channel, locale: "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("3", ct);
        var followUp = await chat.SendAsync("bad", ct);

        Assert.Contains(followUp.Text, CxBot.Surveys.Engine.EngineTexts.Default.Variants("en", "probe"));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _channel.DisposeAsync();
        await _llm.DisposeAsync();
    }
}

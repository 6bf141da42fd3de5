using CxBot.Analysis.Pii;
using CxBot.Analysis.SemanticKernel;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Analysis.Tests.SemanticKernel;

public sealed class FollowUpWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_llm_writes_one_short_question_in_the_survey_language()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        h.Server.Enqueue(FakeReply.Ok("Co dokładnie poszło nie tak?"));

        var question = await Writer(h).WriteFollowUpAsync("słabo", "pl", Ct);

        Assert.Equal("Co dokładnie poszło nie tak?", question);
        var sent = h.Server.Requests[0].Messages.Last(m => m.Role == "user").Text;
        Assert.Contains("\"lang\":\"pl\"", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personal_data_in_the_answer_is_masked_before_it_is_sent()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        h.Server.Enqueue(FakeReply.Ok("What happened?"));

        await Writer(h).WriteFollowUpAsync("bad, mail me at ola.k@example.com", "en", Ct);

        Assert.DoesNotContain("ola.k@example.com", h.Server.Requests[0].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sure! Here is a question:\nWhat went wrong?")]
    [InlineData("Tell me more")]
    [InlineData("Please visit https://example.com and tell us more?")]
    [InlineData("Could you call us on +44 20 7946 0958?")]
    public async Task An_unfit_question_is_dropped_so_the_bot_uses_its_template(string reply)
    {
        await using var h = await AnalyzerHarness.StartAsync();
        h.Server.Enqueue(FakeReply.Ok(reply));

        Assert.Null(await Writer(h).WriteFollowUpAsync("bad", "en", Ct));
    }

    [Fact]
    public async Task A_failed_request_gives_no_question()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        h.Server.Enqueue(FakeReply.Error(500));

        Assert.Null(await Writer(h).WriteFollowUpAsync("не очень", "ru", Ct));
    }

    [Fact]
    public async Task Without_an_llm_the_template_writer_leaves_the_question_to_the_bot() =>
        Assert.Null(await new TemplateOnlyFollowUpWriter().WriteFollowUpAsync("ok", "en", Ct));

    private static SemanticKernelFollowUpWriter Writer(AnalyzerHarness h) =>
        new(h.Connection, new PiiRedactor(), NullLogger<SemanticKernelFollowUpWriter>.Instance);
}

using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// Writes one short follow-up question for a vague answer. Null means "no question from here":
/// the bot then uses its own templates in the survey's language.
/// </summary>
public interface IFollowUpWriter
{
    Task<string?> WriteFollowUpAsync(string maskedAnswer, string language, CancellationToken cancellationToken);
}

/// <summary>Used when no LLM is configured (or follow-ups are turned off): the bot's templates do the job.</summary>
public sealed class TemplateOnlyFollowUpWriter : IFollowUpWriter
{
    public Task<string?> WriteFollowUpAsync(string maskedAnswer, string language, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);
}

/// <summary>
/// The LLM writes the question. The answer is masked again before it is sent (it should be masked
/// already, but this is the last point before the text leaves the process), and the question is
/// checked: one line, short, a question, with no personal data and no links.
/// </summary>
public sealed class SemanticKernelFollowUpWriter(
    LlmConnection llm,
    IPiiRedactor redactor,
    ILogger<SemanticKernelFollowUpWriter> logger,
    PromptLibrary? prompts = null) : IFollowUpWriter
{
    private const int MaxLength = 160;

    private readonly string _systemPrompt = (prompts ?? PromptLibrary.LoadDefault()).FollowUpSystem;

    public async Task<string?> WriteFollowUpAsync(string maskedAnswer, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(maskedAnswer);
        if (language is not ("en" or "ru" or "pl" or "ro"))
        {
            return null;
        }

        var history = new ChatHistory(_systemPrompt);
        history.AddUserMessage(System.Text.Json.JsonSerializer.Serialize(
            new Dictionary<string, string> { ["lang"] = language, ["answer"] = redactor.Redact(maskedAnswer).MaskedText }));
        var settings = new OpenAIPromptExecutionSettings { Temperature = 0.3, MaxTokens = 80 };

        var outcome = await llm.SendAsync("follow-up", history, settings, cancellationToken);
        if (!outcome.Succeeded)
        {
            logger.FollowUpRejected(outcome.Failure.ToString());
            return null;
        }

        var question = outcome.Content!.Trim().Trim('"', '«', '»', '„', '”', '“').Trim();
        var problem = question switch
        {
            { Length: 0 or > MaxLength } => "length",
            _ when question.Contains('\n', StringComparison.Ordinal) => "several_lines",
            _ when !question.EndsWith('?') => "not_a_question",
            _ when question.Contains("http", StringComparison.OrdinalIgnoreCase) || question.Contains("www.", StringComparison.OrdinalIgnoreCase) => "link",
            _ when question.Contains('{', StringComparison.Ordinal) => "not_plain_text",
            _ when redactor.Redact(question).Kinds.Count > 0 => "personal_data",
            _ => null,
        };
        if (problem is not null)
        {
            logger.FollowUpRejected(problem);
            return null;
        }

        return question;
    }
}

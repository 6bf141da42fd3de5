using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CxBot.Channels.Rendering;
using CxBot.Host.Invitations;
using CxBot.Storage;
using CxBot.Surveys;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Bot;

/// <summary>
/// One survey turn: load, decide, save, then send. The state and the answers of the turn are
/// written in one atomic call guarded by the state's version, so a redelivered activity or a
/// racing turn can neither lose nor double an answer; the reply goes out only after the save.
/// </summary>
internal sealed class TurnRunner(
    IConversationStore store,
    SurveyCatalog catalog,
    SurveyEngine engine,
    ICustomerTextSignals signals,
    ChannelRenderer renderer,
    ReplyTexts replies,
    IOptions<SurveysOptions> options,
    TimeProvider clock,
    ILogger<TurnRunner> logger,
    ContactBook? contacts = null)
{
    private const int MaxAttempts = 4;

    /// <param name="joining">A customer joined the conversation (no message): start, or say where they left off.</param>
    public async Task RunAsync(ITurnContext turnContext, CancellationToken cancellationToken, bool joining = false)
    {
        var activity = turnContext.Activity;
        var key = new ConversationKey(activity.ChannelId, activity.Conversation.Id);
        var text = InboundText.Clean(activity.Text);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var snapshot = await store.LoadAsync(key, activity.Id, cancellationToken);
                if (snapshot.ActivitySeen)
                {
                    logger.DuplicateActivity(activity.Id, key.ConversationId);
                    return;
                }
                if (joining && Resume(snapshot) is { } resumed)
                {
                    await turnContext.SendActivityAsync(Render(activity, resumed), cancellationToken);
                    return;
                }
                var (result, survey, started) = await DecideAsync(activity, text, snapshot, turnContext.TurnState.Get<SurveyInvitation>(), cancellationToken);
                var commit = new TurnCommit(JsonSerializer.SerializeToUtf8Bytes(result.State, SurveyStateJson.Default.SurveyState),
                    snapshot.Version, activity.Id, [.. result.Recorded.Select(r => ToRecord(r, result.State, survey, activity))]);
                // Where to reach the customer later goes out with the commit, in the same network write, so a
                // started response costs no extra round trip; it is harmless even if the commit loses a race.
                var remembered = started ? RememberReferenceAsync(activity, result, cancellationToken) : Task.CompletedTask;
                var outcome = await store.CommitAsync(key, commit, cancellationToken);
                await remembered;
                switch (outcome)
                {
                    case CommitOutcome.Saved:
                        await turnContext.SendActivityAsync(Render(activity, result), cancellationToken);
                        await RememberOptOutAsync(activity, result, cancellationToken);
                        return;
                    case CommitOutcome.Duplicate:
                        logger.DuplicateActivity(activity.Id, key.ConversationId);
                        return;
                    default:
                        logger.TurnConflict(key.ConversationId, attempt);
                        break;
                }
            }
            logger.TurnGaveUp(key.ConversationId, MaxAttempts);
            await turnContext.SendActivityAsync(replies.Apology(activity.Locale), cancellationToken: cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // Nothing was saved, so nothing is half-done: the customer resends when we are back.
            logger.StoreUnavailable(e, key.ConversationId);
            var language = Languages.FromLocale(activity.Locale) ?? signals.DetectLanguage(text) ?? options.Value.DefaultLanguage;
            await turnContext.SendActivityAsync(replies.StorageApology(language), cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Starts an invited survey in a conversation the bot continues on its own (a proactive turn):
    /// state and first answers are committed as in any turn, then the one reply is sent. Returns
    /// false, sending nothing, while a response is still running there: a customer mid-survey is not
    /// interrupted.
    /// </summary>
    public async Task<bool> StartInvitedAsync(ITurnContext turnContext, SurveyInvitation invitation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(invitation);
        var activity = turnContext.Activity;
        var key = new ConversationKey(activity.ChannelId, activity.Conversation.Id);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var snapshot = await store.LoadAsync(key, null, cancellationToken);
            var running = snapshot.State is { } bytes ? JsonSerializer.Deserialize(bytes, SurveyStateJson.Default.SurveyState) : null;
            if (running is { Status: ResponseStatus.Active } && catalog.Find(running.SurveyId, running.Version) is not null) return false;
            var (result, survey) = Begin(activity, "", invitation);
            var commit = new TurnCommit(JsonSerializer.SerializeToUtf8Bytes(result.State, SurveyStateJson.Default.SurveyState),
                snapshot.Version, null, [.. result.Recorded.Select(r => ToRecord(r, result.State, survey, activity))]);
            if (await store.CommitAsync(key, commit, cancellationToken) == CommitOutcome.Saved)
            {
                await turnContext.SendActivityAsync(Render(activity, result), cancellationToken);
                return true;
            }
            logger.TurnConflict(key.ConversationId, attempt);
        }
        logger.TurnGaveUp(key.ConversationId, MaxAttempts);
        return false;
    }

    /// <summary>
    /// The one gentle reminder of an invitation: the question the customer left open, with a "where
    /// we left off" line. Sent only while the response this invitation started is running and has no
    /// answer yet; nothing changes in the state. Returns whether it was sent.
    /// </summary>
    public async Task<bool> RemindAsync(ITurnContext turnContext, string invitationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var snapshot = await store.LoadAsync(new ConversationKey(activity.ChannelId, activity.Conversation.Id), null, cancellationToken);
        if (snapshot.State is not { } bytes) return false;
        var state = JsonSerializer.Deserialize(bytes, SurveyStateJson.Default.SurveyState)!;
        if (state is not { Status: ResponseStatus.Active, Answers.Count: 0 } || state.Context?.GetValueOrDefault("invitation_id") != invitationId) return false;
        if (Resume(snapshot) is not { } resumed) return false;
        await turnContext.SendActivityAsync(Render(activity, resumed), cancellationToken);
        return true;
    }

    /// <summary>The chat where the customer can be reached later (invitations). Failing here must not fail the turn.</summary>
    private async Task RememberReferenceAsync(Activity activity, TurnResult result, CancellationToken cancellationToken)
    {
        if (contacts is null || string.IsNullOrEmpty(result.State.CustomerId)) return;
        try
        {
            await contacts.SaveReferenceAsync(result.State.CustomerId, activity.GetConversationReference(), cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.ContactBookUnavailable(e, activity.ChannelId);
        }
    }

    /// <summary>A customer who said stop is opted out of invitations. Failing here must not fail the turn.</summary>
    private async Task RememberOptOutAsync(Activity activity, TurnResult result, CancellationToken cancellationToken)
    {
        if (contacts is null || string.IsNullOrEmpty(result.State.CustomerId) || !result.Recorded.Any(r => r.Event == RecordedAnswer.StopEvent)) return;
        try
        {
            await contacts.OptOutAsync(result.State.CustomerId, cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.ContactBookUnavailable(e, activity.ChannelId);
        }
    }

    private TurnResult? Resume(ConversationSnapshot snapshot)
    {
        if (snapshot.State is not { } bytes) return null;
        var state = JsonSerializer.Deserialize(bytes, SurveyStateJson.Default.SurveyState)!;
        return catalog.Find(state.SurveyId, state.Version) is { } survey ? engine.Resume(survey, state) : null;
    }

    private async Task<(TurnResult Result, SurveyDefinition Survey, bool Started)> DecideAsync(
        Activity activity, string text, ConversationSnapshot snapshot, SurveyInvitation? invitation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var random = RandomNumberGenerator.GetInt32(int.MaxValue);
        var state = snapshot.State is { } bytes ? JsonSerializer.Deserialize(bytes, SurveyStateJson.Default.SurveyState) : null;
        if (state is not null && catalog.Find(state.SurveyId, state.Version) is { } running)
        {
            var question = running.Questions[state.Position];
            var vague = state.Status == ResponseStatus.Active && question.Kind == QuestionKind.OpenText ? signals.IsVague(text, state.Language) : (bool?)null;
            // A follow-up is asked at most once per question: only then is one worth writing.
            var followUp = vague == true && !state.FollowUpAsked ? await signals.WriteFollowUpAsync(text, state.Language, cancellationToken) : null;
            var inbound = new Inbound(text, now, random, activity.Locale, signals.DetectLanguage(text), vague, followUp);
            return (engine.Next(running, state, inbound), running, false);
        }
        if (state is not null) logger.SurveyVersionGone(state.SurveyId, state.Version, activity.Conversation.Id);
        var (started, survey) = Begin(activity, text, invitation);
        return (started, survey, true);
    }

    private (TurnResult Result, SurveyDefinition Survey) Begin(Activity activity, string text, SurveyInvitation? invitation)
    {
        var now = clock.GetUtcNow();
        var random = RandomNumberGenerator.GetInt32(int.MaxValue);
        var survey = (invitation is null ? null : catalog.Latest(invitation.SurveyId)) ?? catalog.Latest(options.Value.DefaultSurvey)!;
        var language = Languages.FromLocale(activity.Locale) ?? invitation?.Language ?? signals.DetectLanguage(text) ?? options.Value.DefaultLanguage;
        var start = new StartRequest(NewResponseId(), language, now, random, invitation?.CustomerId ?? CustomerIdOf(activity), invitation?.Context);
        logger.SurveyStarted(survey.Id, survey.Version, language, activity.ChannelId, activity.Conversation.Id);
        return (engine.Start(survey, start), survey);
    }

    private IActivity Render(Activity activity, TurnResult result)
    {
        var reply = result.Reply;
        var choices = reply.Prompt?.Choices.Select(c => new Choice(c.Title, c.Value)).ToList() ?? [];
        var message = new OutgoingMessage(reply.Text, choices, reply.Prompt?.IsScale ?? false,
            replies.NumberedListIntro(result.State.Language), result.State.Language);
        return renderer.Render(activity.ChannelId, activity.Conversation.ConversationType, message);
    }

    /// <summary>The company's id for a customer without an invitation: the channel's user id, qualified by channel.</summary>
    private static string CustomerIdOf(Activity activity) => $"{activity.ChannelId}:{activity.From?.Id}";

    private static string NewResponseId() => Guid.CreateVersion7().ToString("N");

    private static AnswerRecord ToRecord(RecordedAnswer r, SurveyState state, SurveyDefinition survey, Activity activity)
    {
        var answerId = r.QuestionId is null
            ? $"{state.ResponseId}:{r.Event}"
            : $"{state.ResponseId}:{r.QuestionId}:{r.Revision.ToString(CultureInfo.InvariantCulture)}";
        // An anonymous survey keeps no customer or conversation id with its answers.
        return new AnswerRecord(
            answerId, state.ResponseId, r.Event, survey.Id, survey.Version, r.QuestionId, r.Kind is { } kind ? KindName(kind) : null,
            r.Text, ValueJson(r.Value), r.Language, activity.ChannelId,
            survey.Anonymous ? "" : activity.Conversation.Id, survey.Anonymous ? null : state.CustomerId,
            r.At, r.Revision, state.Context);
    }

    internal static string KindName(QuestionKind kind) => kind switch
    {
        QuestionKind.YesNo => "yes_no",
        QuestionKind.MultiChoice => "multi_choice",
        QuestionKind.OpenText => "open_text",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static string? ValueJson(AnswerValue? value) => value switch
    {
        AnswerValue.Number n => n.Value.ToString(CultureInfo.InvariantCulture),
        AnswerValue.YesNo b => b.Value ? "true" : "false",
        AnswerValue.Option o => JsonSerializer.Serialize(o.Id, HostJson.Default.String),
        AnswerValue.Options o => JsonSerializer.Serialize(o.Ids.ToArray(), HostJson.Default.StringArray),
        _ => null, // open text: the text itself is the value
    };
}

/// <summary>
/// A survey this conversation was invited to (a signed web chat link, a journey trigger): put it in
/// the turn state (<c>turnContext.TurnState.Add(invitation)</c>) and a new response starts with that
/// survey, customer and context instead of the default survey. Ignored once a response is running.
/// </summary>
public sealed record SurveyInvitation(string SurveyId, string CustomerId, IReadOnlyDictionary<string, string>? Context = null, string? Language = null);

/// <summary>What the turn needs to know about free text, from the analysis library: the language and whether an open answer is vague.</summary>
internal interface ICustomerTextSignals
{
    /// <summary>en/ru/pl/ro, or null when the text is too short or unclear to tell.</summary>
    string? DetectLanguage(string text);

    bool IsVague(string text, string language);

    /// <summary>A follow-up question for a vague answer written by the configured LLM, or null to use the survey's templates.</summary>
    Task<string?> WriteFollowUpAsync(string text, string language, CancellationToken cancellationToken);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class HostJson : System.Text.Json.Serialization.JsonSerializerContext;

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CxBot.Channels.Cards;
using CxBot.Channels.Rendering;
using CxBot.Host.Cases;
using CxBot.Host.Invitations;
using CxBot.Storage;
using CxBot.Surveys;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
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
    ContactBook? contacts = null,
    LastCards? lastCards = null)
{
    private const int MaxAttempts = 4;

    /// <param name="joining">A customer joined the conversation (no message): start, or say where they left off.</param>
    /// <param name="tap">A tap on a question card: its answer stands for the text, and it counts only while its question is open.</param>
    /// <returns>For a tap that came as an invoke, the card Teams puts in the tapped card's place; otherwise null.</returns>
    public async Task<Attachment?> RunAsync(ITurnContext turnContext, CancellationToken cancellationToken, bool joining = false, CardTap? tap = null)
    {
        var activity = turnContext.Activity;
        var key = new ConversationKey(activity.ChannelId, activity.Conversation.Id);
        var text = InboundText.Clean(tap is null ? activity.Text : tap.Press.Answer);
        var cards = CardsOf(activity);
        // Card channels only: read the chat's open card while the state loads (both go out on the one
        // multiplexed connection), so the turn waits for no extra round trip.
        var openCard = cards?.FindAsync(key, cancellationToken) ?? Task.FromResult<LastCard?>(null);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var snapshot = await store.LoadAsync(key, activity.Id, cancellationToken);
                // A reply to the CX team on an open case thread: the case loop takes the message, not the survey.
                if (turnContext.TurnState.Get<PendingCaseThread>() is { } pending && await pending.Thread is not null) return null;
                if (snapshot.ActivitySeen)
                {
                    logger.DuplicateActivity(activity.Id, key.ConversationId);
                    return tap is null ? null : ClosedCard(activity, null, LanguageOf(snapshot, activity));
                }
                if (joining && Resume(snapshot) is { } resumed)
                {
                    await SendAsync(turnContext, key, cards, Message(activity, resumed), cancellationToken);
                    return null;
                }
                if (tap is not null && !IsOpen(tap.Press, snapshot))
                {
                    // An old card (its question answered, or another response's): nothing is recorded and the
                    // survey stays where it is; the card is closed so it cannot be tapped again.
                    logger.StaleCardTap(key.ChannelId, key.ConversationId);
                    var closed = ClosedCard(activity, null, LanguageOf(snapshot, activity));
                    if (!tap.ViaInvoke) await ReplaceCardAsync(turnContext, activity.ReplyToId, closed, cancellationToken);
                    return closed;
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
                        var open = await openCard;
                        await SendAsync(turnContext, key, cards, Message(activity, result), cancellationToken, replacing: open);
                        var answered = cards is null ? null : await CloseAnsweredCardAsync(turnContext, open, tap, result, survey, cancellationToken);
                        await RememberOptOutAsync(activity, result, cancellationToken);
                        return answered;
                    case CommitOutcome.Duplicate:
                        logger.DuplicateActivity(activity.Id, key.ConversationId);
                        return tap is null ? null : ClosedCard(activity, null, LanguageOf(snapshot, activity));
                    default:
                        logger.TurnConflict(key.ConversationId, attempt);
                        break;
                }
            }
            logger.TurnGaveUp(key.ConversationId, MaxAttempts);
            await turnContext.SendActivityAsync(replies.Apology(activity.Locale), cancellationToken: cancellationToken);
            return null;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // Nothing was saved, so nothing is half-done: the customer resends when we are back.
            logger.StoreUnavailable(e, key.ConversationId);
            var language = Languages.FromLocale(activity.Locale) ?? signals.DetectLanguage(text) ?? options.Value.DefaultLanguage;
            await turnContext.SendActivityAsync(replies.StorageApology(language), cancellationToken: cancellationToken);
            return null;
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
                await SendAsync(turnContext, key, CardsOf(activity), Message(activity, result), cancellationToken);
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
        await SendAsync(turnContext, new ConversationKey(activity.ChannelId, activity.Conversation.Id), CardsOf(activity), Message(activity, resumed), cancellationToken);
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

    private OutgoingMessage Message(Activity activity, TurnResult result)
    {
        var reply = result.Reply;
        var choices = reply.Prompt?.Choices.Select(c => new Choice(c.Title, c.Value)).ToList() ?? [];
        var question = reply.Prompt is { } prompt ? new CardQuestion(result.State.ResponseId, prompt.QuestionId, KindName(prompt.Kind)) : null;
        return new OutgoingMessage(reply.Text, choices, reply.Prompt?.IsScale ?? false,
            replies.NumberedListIntro(result.State.Language), result.State.Language, question);
    }

    private LastCards? CardsOf(Activity activity) => renderer.CardsOf(activity.ChannelId) is null ? null : lastCards;

    /// <summary>
    /// Sends the reply; on a card channel, the question card it carries becomes the chat's open card
    /// (or the chat has none when the reply asks nothing and an open card was known).
    /// </summary>
    private async Task SendAsync(ITurnContext turnContext, ConversationKey key, LastCards? cards, OutgoingMessage message, CancellationToken cancellationToken, LastCard? replacing = null)
    {
        var activity = turnContext.Activity;
        var rendered = renderer.Render(activity.ChannelId, activity.Conversation.ConversationType, message);
        var sent = await turnContext.SendActivityAsync(rendered, cancellationToken);
        if (cards is null) return;
        var isCard = rendered.Attachments?.Any(a => a.ContentType == QuestionCards.ContentType) == true;
        if (isCard && message.Question is { } q && !string.IsNullOrEmpty(sent?.Id))
            await cards.SetAsync(key, new LastCard(sent.Id, q.ResponseId, q.QuestionId, message.Text), cancellationToken);
        else if (replacing is not null)
            await cards.SetAsync(key, null, cancellationToken);
    }

    /// <summary>
    /// After a saved turn on a card channel, the card the customer answered (the tapped one, or the open
    /// one when they typed) becomes read-only: "answered: X" when this turn recorded its question,
    /// otherwise closed, since the reply asks anew. A tap that came as an invoke gets the card back to
    /// answer with; any other is replaced in the chat.
    /// </summary>
    private async Task<Attachment?> CloseAnsweredCardAsync(ITurnContext turnContext, LastCard? open, CardTap? tap, TurnResult result, SurveyDefinition survey, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var questionId = tap?.Press.QuestionId ?? open?.QuestionId;
        if (questionId is null) return null;
        var sameCard = open is not null && open.QuestionId == questionId && (tap is null || open.ResponseId == tap.Press.ResponseId);
        var questionText = sameCard ? open!.Text : null;
        var language = result.State.Language;
        var recorded = result.Recorded.FirstOrDefault(r => r.QuestionId == questionId && r.Event is RecordedAnswer.AnswerEvent or RecordedAnswer.SkipEvent);
        var card = recorded is not null && survey.Questions.FirstOrDefault(q => q.Id == questionId) is { } question
            ? renderer.AnsweredCard(activity.ChannelId, questionText, Shown(recorded, question, language), language)
            : renderer.ClosedCard(activity.ChannelId, questionText, language);
        if (tap is { ViaInvoke: true }) return card;
        await ReplaceCardAsync(turnContext, tap is null ? open?.Id : activity.ReplyToId, card, cancellationToken);
        return null;
    }

    /// <summary>What the customer answered, as the answered card shows it: the score, the option's label, "Skip".</summary>
    private string Shown(RecordedAnswer recorded, Question question, string language)
    {
        if (recorded.Event == RecordedAnswer.SkipEvent) return replies.Button(language, "button.skip");
        string Label(string id) => question.Options.FirstOrDefault(o => o.Id == id)?.Label.For(language) ?? id;
        return recorded.Value switch
        {
            AnswerValue.Number n => n.Value.ToString(CultureInfo.InvariantCulture),
            AnswerValue.YesNo b => replies.Button(language, b.Value ? "button.yes" : "button.no"),
            AnswerValue.Option o => Label(o.Id),
            AnswerValue.Options { Ids.Count: 0 } => "—",
            AnswerValue.Options o => string.Join(", ", o.Ids.Select(Label)),
            _ => recorded.Text is { Length: > 200 } long_ ? long_[..200] + "…" : recorded.Text ?? "",
        };
    }

    /// <summary>Puts a read-only card in place of a question card. The turn is saved already, so a failure here is logged, not raised.</summary>
    private async Task ReplaceCardAsync(ITurnContext turnContext, string? cardActivityId, Attachment? card, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(cardActivityId) || card is null) return;
        var update = MessageFactory.Attachment(card);
        update.Id = cardActivityId;
        try
        {
            await turnContext.UpdateActivityAsync(update, cancellationToken);
        }
        catch (Exception e) when (e is ErrorResponseException or HttpRequestException)
        {
            logger.CardUpdateFailed(e, cardActivityId, turnContext.Activity.ChannelId, turnContext.Activity.Conversation.Id);
        }
    }

    private Attachment? ClosedCard(Activity activity, string? questionText, string language) =>
        renderer.ClosedCard(activity.ChannelId, questionText, language);

    /// <summary>Whether a tapped card asks the question this chat's running response is waiting for.</summary>
    private bool IsOpen(CardPress press, ConversationSnapshot snapshot)
    {
        if (snapshot.State is not { } bytes) return false;
        var state = JsonSerializer.Deserialize(bytes, SurveyStateJson.Default.SurveyState)!;
        return state.Status == ResponseStatus.Active && state.ResponseId == press.ResponseId
            && catalog.Find(state.SurveyId, state.Version) is { } survey && survey.Questions[state.Position].Id == press.QuestionId;
    }

    private string LanguageOf(ConversationSnapshot snapshot, Activity activity) =>
        snapshot.State is { } bytes && JsonSerializer.Deserialize(bytes, SurveyStateJson.Default.SurveyState) is { } state
            ? state.Language
            : replies.LanguageOf(activity.Locale);

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

/// <summary>A tap on a question card, and whether it came as an <c>adaptiveCard/action</c> invoke (answered with a card) or as a submit message.</summary>
public sealed record CardTap(CardPress Press, bool ViaInvoke);

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

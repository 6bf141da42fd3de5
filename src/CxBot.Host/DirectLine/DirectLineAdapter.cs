using CxBot.Host.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CxBot.Host.DirectLine;

/// <summary>
/// The Bot Framework adapter of the bot-hosted Direct Line: turns run through the same
/// <see cref="IBot"/> as /api/messages (via <see cref="BotAdapter.RunPipelineAsync"/>), and what the
/// bot sends is appended to the conversation's transcript and pushed to its socket. A failed turn
/// is handled as <see cref="AdapterWithErrorHandler"/> does: log ids, apologise, let the request finish.
/// </summary>
internal sealed class DirectLineAdapter : BotAdapter
{
    public const string ChannelId = "directline";

    /// <summary>Newtonsoft because the Bot Framework's Activity is a Newtonsoft type.</summary>
    internal static readonly JsonSerializerSettings ActivityJson = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        Formatting = Formatting.None,
    };

    private readonly TranscriptStore _transcripts;
    private readonly TimeProvider _clock;

    public DirectLineAdapter(TranscriptStore transcripts, TimeProvider clock, ReplyTexts replies, ILogger<DirectLineAdapter> logger)
    {
        _transcripts = transcripts;
        _clock = clock;
        OnTurnError = (turnContext, exception) => FailedTurn.HandleAsync(turnContext, exception, replies, logger);
    }

    /// <summary>Runs one turn for an inbound activity, with the turn state the caller adds (an invitation).</summary>
    public async Task ProcessActivityAsync(Activity activity, IBot bot, Action<ITurnContext>? prepare, CancellationToken cancellationToken)
    {
        using var context = new TurnContext(this, activity);
        prepare?.Invoke(context);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    /// <summary>Appends a user's activity (the echo every client waits for) and returns it with its id.</summary>
    public async Task<string> AppendAsync(Activity activity)
    {
        activity.Id = activity.Conversation.Id + "|" + TranscriptStore.SequencePlaceholder;
        var sequence = await _transcripts.AppendAsync(activity.Conversation.Id, JsonConvert.SerializeObject(activity, ActivityJson));
        activity.Id = TranscriptStore.ActivityId(activity.Conversation.Id, sequence);
        return activity.Id;
    }

    /// <summary>Shows the bot typing: pushed to the socket only, never kept (Direct Line sends typing over WebSockets only).</summary>
    public Task ShowTypingAsync(Activity inbound)
    {
        var typing = inbound.CreateReply();
        typing.Type = ActivityTypes.Typing;
        typing.Text = null;
        typing.Id = inbound.Conversation.Id + "|typing";
        typing.Timestamp = _clock.GetUtcNow();
        typing.ChannelId = ChannelId;
        typing.From.Role = RoleTypes.Bot;
        return _transcripts.PublishAsync(StreamHub.Typing(inbound.Conversation.Id, JsonConvert.SerializeObject(typing, ActivityJson)));
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            activity.ChannelId = ChannelId;
            activity.Timestamp = _clock.GetUtcNow();
            activity.From ??= turnContext.Activity.Recipient;
            if (activity.Type == ActivityTypes.Typing)
            {
                activity.Id = activity.Conversation.Id + "|typing";
                await _transcripts.PublishAsync(StreamHub.Typing(activity.Conversation.Id, JsonConvert.SerializeObject(activity, ActivityJson)));
                responses[i] = new ResourceResponse(activity.Id);
                continue;
            }
            if (activity.Type == ActivityTypesEx.Delay) continue;
            responses[i] = new ResourceResponse(await AppendAsync(activity));
        }
        return responses;
    }

    public override async Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!TrySequence(activity.Conversation.Id, activity.Id, out var sequence)
            || !await _transcripts.ReplaceAsync(activity.Conversation.Id, sequence, JsonConvert.SerializeObject(activity, ActivityJson)))
            throw new InvalidOperationException("No such activity in this conversation.");
        return new ResourceResponse(activity.Id);
    }

    public override async Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        // The place in the transcript stays, so watermarks keep counting; only the content goes.
        var tombstone = new Activity { Type = "messageDelete", Id = reference.ActivityId, Conversation = reference.Conversation, ChannelId = ChannelId };
        if (TrySequence(reference.Conversation.Id, reference.ActivityId, out var sequence))
            await _transcripts.ReplaceAsync(reference.Conversation.Id, sequence, JsonConvert.SerializeObject(tombstone, ActivityJson));
    }

    public override async Task ContinueConversationAsync(string botId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var context = new TurnContext(this, reference.GetContinuationActivity());
        await RunPipelineAsync(context, callback, cancellationToken);
    }

    private static bool TrySequence(string conversationId, string? activityId, out long sequence)
    {
        sequence = -1;
        var prefix = conversationId + "|";
        return activityId is not null && activityId.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(activityId.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence);
    }
}

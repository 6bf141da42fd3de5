using System.Globalization;
using CxBot.Host.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WhatsApp;

/// <summary>
/// WhatsApp Business Cloud API as a Bot Framework adapter, like the SDK's own channel adapters: a
/// webhook message becomes a message activity (channel "whatsapp", conversation = the customer's
/// wa_id) that runs through the same IBot and the same turn loop as every other channel, and every
/// activity the bot sends becomes Graph API calls.
/// </summary>
internal sealed class WhatsAppAdapter : BotAdapter
{
    public const string ChannelId = "whatsapp";

    private readonly WhatsAppGraphClient _graph;
    private readonly WhatsAppTexts _texts;
    private readonly IOptions<WhatsAppOptions> _options;
    private readonly ILogger<WhatsAppAdapter> _logger;

    public WhatsAppAdapter(WhatsAppGraphClient graph, WhatsAppTexts texts, IOptions<WhatsAppOptions> options, ReplyTexts replies, ILogger<WhatsAppAdapter> logger)
    {
        _graph = graph;
        _texts = texts;
        _options = options;
        _logger = logger;
        OnTurnError = async (turnContext, exception) =>
        {
            logger.TurnFailed(exception, turnContext.Activity.Id);
            try
            {
                await turnContext.SendActivityAsync(replies.Apology(turnContext.Activity.Locale));
            }
            catch (Exception sendFailure)
            {
                logger.ApologyFailed(sendFailure, turnContext.Activity.Id);
            }
        };
    }

    /// <summary>Runs one customer message through the bot.</summary>
    public async Task ProcessAsync(WhatsAppInboundMessage message, IBot bot, CancellationToken cancellationToken)
    {
        using var context = new TurnContext(this, ToActivity(message));
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    public Activity ToActivity(WhatsAppInboundMessage message)
    {
        var activity = Activity.CreateMessageActivity();
        activity.Id = message.MessageId;
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = _options.Value.GraphBaseUrl;
        activity.Timestamp = message.Timestamp;
        activity.From = new ChannelAccount(message.WaId, message.ProfileName, RoleTypes.User);
        activity.Recipient = new ChannelAccount(_options.Value.PhoneNumberId, role: RoleTypes.Bot);
        activity.Conversation = new ConversationAccount(isGroup: false, conversationType: "personal", id: message.WaId);
        activity.Text = message.Text;
        activity.ReplyToId = message.InReplyTo;
        if (message.ReplyId is not null) activity.Value = new Dictionary<string, string> { ["kind"] = message.Kind, ["id"] = message.ReplyId };
        return (Activity)activity;
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            var id = "";
            if (activity.Type == ActivityTypes.Message)
            {
                var to = activity.Conversation?.Id ?? activity.Recipient?.Id
                    ?? throw new InvalidOperationException("A WhatsApp message needs the customer's wa_id as its conversation id.");
                foreach (var message in WhatsAppOutbound.Messages(activity, to, _texts.For(activity.Locale ?? turnContext.Activity?.Locale)))
                    id = await _graph.SendAsync(message, cancellationToken);
            }
            else if (activity.Type == ActivityTypes.Delay && activity.Value is not null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Convert.ToDouble(activity.Value, CultureInfo.InvariantCulture)), cancellationToken);
            }

            // Typing and other activity types have no WhatsApp counterpart and are dropped.
            responses[i] = new ResourceResponse(id);
        }

        return responses;
    }

    /// <summary>
    /// Sends the configured message template: the only message WhatsApp delivers to a customer who has not
    /// written in the last 24 hours. When they tap its quick reply, their answer starts the survey as usual.
    /// </summary>
    /// <param name="languageCode">A WhatsApp template language ("en", "ru", "pl", "ro"); the configured one when null.</param>
    public async Task<string> SendTemplateAsync(string waId, string? languageCode, IReadOnlyList<string> bodyParameters, CancellationToken cancellationToken)
    {
        var o = _options.Value;
        if (!o.Enabled || string.IsNullOrWhiteSpace(o.TemplateName))
            throw new InvalidOperationException("Set WhatsApp:TemplateName (and the other WhatsApp settings) to send a first message.");
        var language = string.IsNullOrWhiteSpace(languageCode) ? o.TemplateLanguage : languageCode;
        var id = await _graph.SendAsync(WhatsAppOutbound.Template(waId, o.TemplateName, language, bodyParameters), cancellationToken);
        _logger.TemplateSent(o.TemplateName, language, id);
        return id;
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("WhatsApp messages cannot be edited by the business.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("WhatsApp messages cannot be deleted by the business.");
}

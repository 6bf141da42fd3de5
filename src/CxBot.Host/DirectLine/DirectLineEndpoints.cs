using System.Globalization;
using CxBot.Host.Bot;
using CxBot.Host.WebChat;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace CxBot.Host.DirectLine;

/// <summary>
/// Direct Line 3.0 under /v3/directline, as botframework-directlinejs 0.15 and Web Chat 4.18 call it:
/// start or reconnect a conversation, post and read activities by watermark, the WebSocket stream,
/// token refresh. Every call carries a token that names one conversation and one user.
/// </summary>
internal static class DirectLineEndpoints
{
    public const string BotId = "cxbot";
    private const int MaxActivityBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/directline").RequireCors(WebChatExtensions.DirectLineCors).DisableAntiforgery();
        group.MapPost("/tokens/refresh", RefreshAsync);
        group.MapPost("/conversations", StartAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);
        group.MapPost("/conversations/{conversationId}/upload", () => Error(StatusCodes.Status400BadRequest, "BadArgument", "Uploads are not accepted in surveys."));
        return app;
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, DirectLineTokens tokens, TranscriptStore transcripts)
    {
        var (token, failure) = Authorize(http, tokens, conversationId: null);
        if (failure is not null) return failure;
        if (await transcripts.FindAsync(token!.ConversationId) is null) return Error(StatusCodes.Status404NotFound, "BadArgument", "The conversation no longer exists.");
        return TypedResults.Json(new ConversationResponse(token.ConversationId, tokens.Issue(token.ConversationId, token.UserId), (int)tokens.Lifetime.TotalSeconds),
            DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> StartAsync(HttpContext http, DirectLineTokens tokens, TranscriptStore transcripts, DirectLineAdapter adapter, IBot bot,
        IOptions<WebChatOptions> options, CancellationToken cancellationToken)
    {
        var (token, failure) = Authorize(http, tokens, conversationId: null);
        if (failure is not null) return failure;
        if (await transcripts.FindAsync(token!.ConversationId) is not { } facts)
            return Error(StatusCodes.Status404NotFound, "BadArgument", "The conversation no longer exists.");
        var started = await transcripts.MarkStartedAsync(token.ConversationId);
        if (started)
        {
            // The customer joins: Web Chat expects one conversationUpdate naming the bot and the user.
            var join = Inbound(http, token, facts, options.Value);
            join.Type = ActivityTypes.ConversationUpdate;
            join.MembersAdded = [join.Recipient, join.From];
            join.Id = token.ConversationId + "|join";
            await adapter.ProcessActivityAsync(join, bot, context => AddInvitation(context, facts), cancellationToken);
        }
        var body = Conversation(http, tokens, token, watermark: 0, BearerOf(http)!);
        return started
            ? TypedResults.Json(body, DirectLineJson.Default.ConversationResponse, statusCode: StatusCodes.Status201Created)
            : TypedResults.Json(body, DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> ReconnectAsync(HttpContext http, string conversationId, string? watermark, DirectLineTokens tokens, TranscriptStore transcripts)
    {
        var (token, failure) = Authorize(http, tokens, conversationId);
        if (failure is not null) return failure;
        if (ParseWatermark(watermark) is not { } from) return BadWatermark();
        if (await transcripts.FindAsync(conversationId) is null) return Error(StatusCodes.Status404NotFound, "BadArgument", "The conversation no longer exists.");
        return TypedResults.Json(Conversation(http, tokens, token!, from, BearerOf(http)!), DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> PostActivityAsync(HttpContext http, string conversationId, DirectLineTokens tokens, TranscriptStore transcripts,
        DirectLineAdapter adapter, IBot bot, IOptions<WebChatOptions> options, ILogger<DirectLineAdapter> logger, CancellationToken cancellationToken)
    {
        var (token, failure) = Authorize(http, tokens, conversationId);
        if (failure is not null) return failure;
        if (http.Request.ContentLength > MaxActivityBytes) return Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The activity is too large.");
        using var reader = new StreamReader(http.Request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        if (json.Length > MaxActivityBytes) return Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The activity is too large.");
        Activity? posted;
        try
        {
            posted = JsonConvert.DeserializeObject<Activity>(json, DirectLineAdapter.ActivityJson);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            posted = null;
        }
        if (posted is null || string.IsNullOrEmpty(posted.Type)) return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must be an activity with a type.");
        if (await transcripts.FindAsync(conversationId) is not { } facts) return Error(StatusCodes.Status404NotFound, "BadArgument", "The conversation no longer exists.");

        var activity = Inbound(http, token!, facts, options.Value);
        activity.Type = posted.Type;
        activity.Text = posted.Text;
        activity.Value = posted.Value;
        activity.Name = posted.Name;
        activity.ChannelData = posted.ChannelData;
        activity.Attachments = posted.Attachments;
        activity.Entities = posted.Entities;
        activity.TextFormat = posted.TextFormat;
        activity.LocalTimezone = posted.LocalTimezone;
        activity.LocalTimestamp = posted.LocalTimestamp;
        activity.Locale = string.IsNullOrEmpty(posted.Locale) ? facts.Locale : posted.Locale;
        activity.From.Name = posted.From?.Name;
        // Typing from the customer is not kept, and the bot has no use for it.
        if (activity.Type == ActivityTypes.Typing) return TypedResults.Json(new PostedActivity(token!.ConversationId + "|typing"), DirectLineJson.Default.PostedActivity);

        var id = await adapter.AppendAsync(activity);
        logger.ActivityReceived(conversationId, activity.Type, id);
        if (activity.Type == ActivityTypes.Message) await adapter.ShowTypingAsync(activity);
        await adapter.ProcessActivityAsync(activity, bot, context => AddInvitation(context, facts), cancellationToken);
        return TypedResults.Json(new PostedActivity(id), DirectLineJson.Default.PostedActivity);
    }

    private static async Task<IResult> GetActivitiesAsync(HttpContext http, string conversationId, string? watermark, DirectLineTokens tokens, TranscriptStore transcripts)
    {
        var (_, failure) = Authorize(http, tokens, conversationId);
        if (failure is not null) return failure;
        if (ParseWatermark(watermark) is not { } from) return BadWatermark();
        var (activities, next) = await transcripts.ReadAsync(conversationId, from);
        // The activities are stored as JSON already: write them as they are.
        var body = "{\"activities\":[" + string.Join(',', activities) + "],\"watermark\":\"" + next.ToString(CultureInfo.InvariantCulture) + "\"}";
        return TypedResults.Text(body, "application/json; charset=utf-8");
    }

    private static async Task StreamAsync(HttpContext http, string conversationId, string? t, DirectLineTokens tokens, TranscriptStore transcripts,
        StreamHub hub, IOptions<WebChatOptions> options, ILogger<DirectLineAdapter> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Error(StatusCodes.Status400BadRequest, "BadArgument", "This address takes a WebSocket.").ExecuteAsync(http);
            return;
        }
        if (!WebChatSecurity.IsAllowedOrigin(http, options.Value))
        {
            logger.StreamOriginRefused(conversationId);
            await Error(StatusCodes.Status403Forbidden, "Forbidden", "This origin may not open the stream.").ExecuteAsync(http);
            return;
        }
        if (tokens.ReadTicket(t) is not { } ticket || ticket.ConversationId != conversationId
            || !await transcripts.UseTicketAsync(conversationId, ticket.Id, DirectLineTokens.TicketLifetime * 2))
        {
            await Error(StatusCodes.Status403Forbidden, "TokenExpired", "The stream address has expired; reconnect to get a new one.").ExecuteAsync(http);
            return;
        }
        using var webSocket = await http.WebSockets.AcceptWebSocketAsync();
        await hub.RunAsync(webSocket, conversationId, ticket.Watermark, http.RequestAborted);
    }

    private static ConversationResponse Conversation(HttpContext http, DirectLineTokens tokens, DirectLineToken token, long watermark, string bearer)
    {
        var (ticket, _) = tokens.IssueTicket(token.ConversationId, watermark);
        var scheme = http.Request.IsHttps ? "wss" : "ws";
        var streamUrl = $"{scheme}://{http.Request.Host}{http.Request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(token.ConversationId)}/stream?t={ticket}";
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var expiresIn = Math.Max(0, (int)(token.Expires - now).TotalSeconds);
        return new ConversationResponse(token.ConversationId, bearer, expiresIn, streamUrl);
    }

    private static Activity Inbound(HttpContext http, DirectLineToken token, ConversationFacts facts, WebChatOptions options) => new()
    {
        ChannelId = DirectLineAdapter.ChannelId,
        ServiceUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/v3/directline",
        Conversation = new ConversationAccount(id: token.ConversationId),
        From = new ChannelAccount(token.UserId, role: RoleTypes.User),
        Recipient = new ChannelAccount(BotId, options.BrandName, role: RoleTypes.Bot),
        Timestamp = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        Locale = facts.Locale,
    };

    private static void AddInvitation(ITurnContext context, ConversationFacts facts)
    {
        if (facts.InvitationJson is { } json && System.Text.Json.JsonSerializer.Deserialize(json, WebChatJson.Default.InvitationFacts) is { } invitation)
            context.TurnState.Add(new SurveyInvitation(invitation.SurveyId, invitation.CustomerId, invitation.Context, invitation.Language));
    }

    private static (DirectLineToken? Token, IResult? Failure) Authorize(HttpContext http, DirectLineTokens tokens, string? conversationId)
    {
        var token = tokens.Read(BearerOf(http), out var status);
        if (status == TokenStatus.Invalid || token is null)
            return (null, Error(StatusCodes.Status401Unauthorized, "BadArgument", "A valid Direct Line token is required."));
        if (status == TokenStatus.Expired)
            return (null, Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired."));
        if (conversationId is not null && !string.Equals(conversationId, token.ConversationId, StringComparison.Ordinal))
            return (null, Error(StatusCodes.Status403Forbidden, "BadArgument", "The token is not valid for this conversation."));
        return (token, null);
    }

    private static string? BearerOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static long? ParseWatermark(string? watermark) =>
        string.IsNullOrEmpty(watermark) ? 0
        : long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w
        : null;

    private static IResult BadWatermark() => Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark is not one this service gave out.");

    internal static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new ErrorBody(new ErrorDetail(code, message)), DirectLineJson.Default.ErrorBody, statusCode: status);
}

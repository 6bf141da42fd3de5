namespace CxBot.Workspace.Cases;

/// <summary>A message from the CX team to the customer of a case, to be sent by the bot on the customer's chat.</summary>
public sealed record CustomerMessage(long CaseId, string CustomerId, string ChannelId, string? ConversationId, string Language, string Text);

/// <summary>
/// What became of a message: sent on <paramref name="ChannelId"/>/<paramref name="ConversationId"/> (where the reply is
/// awaited), or refused with a reason code (<see cref="MessageRefusals"/>).
/// </summary>
public sealed record MessageDelivery(bool Sent, string? Refusal, string? ChannelId, string? ConversationId)
{
    public static MessageDelivery Delivered(string channelId, string conversationId) => new(true, null, channelId, conversationId);

    public static MessageDelivery Refused(string reason) => new(false, reason, null, null);
}

/// <summary>Why a message was not sent; each has a text on the case page.</summary>
public static class MessageRefusals
{
    public const string Anonymous = "anonymous";
    public const string OptedOut = "opted_out";
    public const string NoConversation = "no_conversation";
    public const string DeliveryFailed = "delivery_failed";
    public const string Unavailable = "unavailable";

    public static IReadOnlyList<string> All { get; } = [Anonymous, OptedOut, NoConversation, DeliveryFailed, Unavailable];
}

/// <summary>
/// Reaches a customer through the bot. The workspace does not know the bot: the host implements this with the
/// customer's stored conversation reference, honours their opt-out, and opens the case's reply thread on that chat.
/// </summary>
public interface ICustomerMessenger
{
    Task<MessageDelivery> SendAsync(CustomerMessage message, CancellationToken cancellationToken);

    /// <summary>The case is done: the customer's next message on that chat is a survey turn again.</summary>
    Task EndThreadAsync(long caseId, string channelId, string conversationId, CancellationToken cancellationToken);
}

/// <summary>A customer's reply taken from the chat, to be written into the case's timeline (idempotent by activity id).</summary>
public sealed record CustomerReply(long CaseId, string ActivityId, string Text, DateTimeOffset At);

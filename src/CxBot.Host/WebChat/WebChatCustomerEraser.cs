using CxBot.Host.DirectLine;
using CxBot.Responses.Privacy;
using CxBot.Storage;

namespace CxBot.Host.WebChat;

/// <summary>
/// Web chat's part of erasing a customer: the Direct Line transcripts of their conversations (found
/// through the customer index and from what the other stores know), and the survey links they used.
/// </summary>
internal sealed class WebChatCustomerEraser(TranscriptStore transcripts) : ICustomerDataEraser
{
    public string Name => "webchat";

    public async Task<CustomerFootprint> DiscoverAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        var known = await transcripts.ConversationsOfAsync(footprint.CustomerId);
        if (known.Count == 0) return footprint;
        var conversations = new HashSet<ConversationKey>(footprint.Conversations);
        foreach (var conversationId in known) conversations.Add(new ConversationKey(DirectLineAdapter.ChannelId, conversationId));
        return footprint with { Conversations = [.. conversations] };
    }

    public Task<int> EraseAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(footprint);
        return transcripts.EraseAsync(footprint.CustomerId,
            footprint.Conversations.Where(c => c.ChannelId == DirectLineAdapter.ChannelId).Select(c => c.ConversationId));
    }
}

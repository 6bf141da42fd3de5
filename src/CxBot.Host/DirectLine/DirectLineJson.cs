using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CxBot.Host.DirectLine;

/// <summary>A Direct Line conversation as the clients read it (POST/GET conversations, token calls).</summary>
internal sealed record ConversationResponse(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("streamUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StreamUrl = null);

internal sealed record PostedActivity([property: JsonPropertyName("id")] string Id);

internal sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error);

internal sealed record ErrorDetail([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(PostedActivity))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class DirectLineJson : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace CxBot.Host.WebChat;

internal sealed record TokenRequest(
    [property: JsonPropertyName("invite")] string? Invite,
    [property: JsonPropertyName("locale")] string? Locale);

internal sealed record TokenGrant(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>What a conversation keeps of the invitation it was opened with.</summary>
internal sealed record InvitationFacts(string SurveyId, string CustomerId, Dictionary<string, string>? Context, string? Language);

/// <summary>What the page's script reads from the page: brand, texts, where to send what.</summary>
internal sealed record PageConfig(
    [property: JsonPropertyName("brandName")] string BrandName,
    [property: JsonPropertyName("brandColor")] string BrandColor,
    [property: JsonPropertyName("brandTextColor")] string BrandTextColor,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("languages")] IReadOnlyList<string> Languages,
    [property: JsonPropertyName("texts")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Texts);

[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenGrant))]
[JsonSerializable(typeof(InvitationFacts))]
[JsonSerializable(typeof(PageConfig))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class WebChatJson : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace CxBot.Host.Invitations;

[JsonConverter(typeof(JsonStringEnumConverter<InvitationStatus>))]
internal enum InvitationStatus
{
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("link")] Link,
    [JsonStringEnumMemberName("refused")] Refused,
    [JsonStringEnumMemberName("postponed")] Postponed,
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>A send failed (the channel refused or did not answer); it is tried again at its send time and <c>why</c> says what failed.</summary>
    [JsonStringEnumMemberName("retrying")] Retrying,
}

/// <summary>
/// One journey-triggered invitation as kept in Redis, from its creation to its delivery.
/// <see cref="Reminder"/> says what became of the one reminder: "sent", or why none was ("answered", "opted_out", "expired").
/// <see cref="Attempts"/> counts the sends that failed.
/// </summary>
internal sealed record Invitation(
    string Id,
    string CustomerId,
    string Event,
    string SurveyId,
    DateTimeOffset SendAt,
    DateTimeOffset ExpiresAt,
    string TimeZone,
    IReadOnlyDictionary<string, string> Context,
    string? Language,
    InvitationStatus Status,
    string? Why,
    string? Link,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt = null,
    string? Reminder = null,
    int Attempts = 0);

/// <summary>What the caller sends to <c>POST /api/invitations</c>.</summary>
internal sealed record InvitationRequest(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("customer_id")] string? CustomerId,
    [property: JsonPropertyName("event")] string? Event,
    [property: JsonPropertyName("survey")] string? Survey,
    [property: JsonPropertyName("send_at")] string? SendAt,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("context")] Dictionary<string, string>? Context);

/// <summary>The API's answer: the id, the status, why (when refused or postponed) and the link (when there is no chat to use).</summary>
internal sealed record InvitationView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] InvitationStatus Status,
    [property: JsonPropertyName("why")] string? Why,
    [property: JsonPropertyName("survey")] string Survey,
    [property: JsonPropertyName("send_at")] DateTimeOffset SendAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("link")] string? Link,
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("reminder")] string? Reminder,
    [property: JsonPropertyName("failed_attempts")] int FailedAttempts)
{
    public static InvitationView From(Invitation i) => new(i.Id, i.Status, i.Why, i.SurveyId, i.SendAt, i.ExpiresAt, i.Link, i.SentAt, i.Reminder, i.Attempts);
}

/// <summary>What the caller sends to <c>POST /api/invitations/batch</c>: up to 1,000 invitations, each with its own <c>id</c> (its idempotency key).</summary>
internal sealed record InvitationBatchRequest([property: JsonPropertyName("invitations")] List<InvitationRequest>? Invitations);

/// <summary>One invitation of a batch: its place in the request, and the invitation (created now or before) or what was wrong with it.</summary>
internal sealed record InvitationBatchItem(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("created")] bool Created,
    [property: JsonPropertyName("invitation")] InvitationView? Invitation,
    [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, string[]>? Errors);

internal sealed record InvitationBatchView(
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("existing")] int Existing,
    [property: JsonPropertyName("invalid")] int Invalid,
    [property: JsonPropertyName("results")] IReadOnlyList<InvitationBatchItem> Results);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Invitation))]
[JsonSerializable(typeof(InvitationRequest))]
[JsonSerializable(typeof(InvitationView))]
[JsonSerializable(typeof(InvitationBatchRequest))]
[JsonSerializable(typeof(InvitationBatchView))]
internal sealed partial class InvitationsJson : JsonSerializerContext;

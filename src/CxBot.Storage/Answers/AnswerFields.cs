using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>
/// An answer as stream fields. Null values are left out rather than written empty, so an empty text
/// typed by a customer stays distinguishable from no text at all.
/// </summary>
internal static class AnswerFields
{
    public const string AnswerId = "answerId";
    public const string ResponseId = "responseId";
    public const string Event = "event";
    public const string SurveyId = "surveyId";
    public const string SurveyVersion = "surveyVersion";
    public const string QuestionId = "questionId";
    public const string QuestionType = "questionType";
    public const string Text = "text";
    public const string Value = "value";
    public const string Language = "language";
    public const string ChannelId = "channelId";
    public const string ConversationId = "conversationId";
    public const string CustomerId = "customerId";
    public const string AnsweredAt = "answeredAt";
    public const string Revision = "revision";
    public const string Context = "context";

    public static List<(string Name, string Value)> ToFields(AnswerRecord answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var fields = new List<(string, string)>(16);
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add((name, value));
            }
        }

        Add(AnswerId, Required(answer.AnswerId, nameof(answer.AnswerId)));
        Add(ResponseId, Required(answer.ResponseId, nameof(answer.ResponseId)));
        Add(Event, Required(answer.Event, nameof(answer.Event)));
        Add(SurveyId, Required(answer.SurveyId, nameof(answer.SurveyId)));
        Add(SurveyVersion, answer.SurveyVersion.ToString(CultureInfo.InvariantCulture));
        Add(QuestionId, answer.QuestionId);
        Add(QuestionType, answer.QuestionType);
        Add(Text, answer.Text);
        Add(Value, answer.ValueJson);
        Add(Language, Required(answer.Language, nameof(answer.Language)));
        Add(ChannelId, Required(answer.ChannelId, nameof(answer.ChannelId)));
        Add(ConversationId, Required(answer.ConversationId, nameof(answer.ConversationId)));
        Add(CustomerId, answer.CustomerId);
        Add(AnsweredAt, answer.AnsweredAt.ToString("O", CultureInfo.InvariantCulture));
        Add(Revision, answer.Revision.ToString(CultureInfo.InvariantCulture));
        if (answer.Context is { Count: > 0 } context)
        {
            Add(Context, JsonSerializer.Serialize(new Dictionary<string, string>(context), AnswerJsonContext.Default.DictionaryStringString));
        }

        return fields;
    }

    public static AnswerRecord FromEntry(StreamEntry entry)
    {
        var values = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString(), StringComparer.Ordinal);
        string? Optional(string name) => values.TryGetValue(name, out var value) ? value : null;
        string Mandatory(string name) => Optional(name)
            ?? throw new InvalidDataException($"Answer stream entry {entry.Id} has no '{name}' field.");

        var context = Optional(Context) is { } json
            ? JsonSerializer.Deserialize(json, AnswerJsonContext.Default.DictionaryStringString)
            : null;
        return new AnswerRecord(
            Mandatory(AnswerId),
            Mandatory(ResponseId),
            Mandatory(Event),
            Mandatory(SurveyId),
            int.Parse(Mandatory(SurveyVersion), CultureInfo.InvariantCulture),
            Optional(QuestionId),
            Optional(QuestionType),
            Optional(Text),
            Optional(Value),
            Mandatory(Language),
            Mandatory(ChannelId),
            Mandatory(ConversationId),
            Optional(CustomerId),
            DateTimeOffset.Parse(Mandatory(AnsweredAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            int.Parse(Mandatory(Revision), CultureInfo.InvariantCulture),
            context);
    }

    private static string Required(string? value, string name) =>
        value ?? throw new ArgumentException($"An answer needs {name}.", name);
}

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AnswerJsonContext : JsonSerializerContext;

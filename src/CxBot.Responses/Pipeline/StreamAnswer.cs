using System.Globalization;
using System.Text.Json;
using CxBot.Storage;
using StackExchange.Redis;

namespace CxBot.Responses.Pipeline;

/// <summary>
/// Reads an answer stream entry. The field names are the stream's wire format, written by the turn's
/// commit (CxBot.Storage's AnswerFields); a missing mandatory field makes the entry poison.
/// </summary>
internal static class StreamAnswer
{
    public static AnswerRecord Parse(StreamEntry entry)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in entry.Values)
        {
            values[v.Name.ToString()] = v.Value.ToString();
        }

        string? Optional(string name) => values.TryGetValue(name, out var value) ? value : null;
        string Mandatory(string name) => Optional(name)
            ?? throw new InvalidDataException($"Answer stream entry {entry.Id} has no '{name}' field.");
        int Number(string name) => int.TryParse(Mandatory(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n : throw new InvalidDataException($"Answer stream entry {entry.Id} has a '{name}' that is not a number.");

        var context = Optional("context") is { } json ? JsonSerializer.Deserialize(json, ResponsesJson.Default.DictionaryStringString) : null;
        if (!DateTimeOffset.TryParse(Mandatory("answeredAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            throw new InvalidDataException($"Answer stream entry {entry.Id} has an 'answeredAt' that is not a time.");
        }

        var answer = new AnswerRecord(
            Mandatory("answerId"), Mandatory("responseId"), Mandatory("event"), Mandatory("surveyId"), Number("surveyVersion"),
            Optional("questionId"), Optional("questionType"), Optional("text"), Optional("value"), Mandatory("language"),
            Mandatory("channelId"), Optional("conversationId") ?? "", Optional("customerId"), at, Number("revision"), context);
        if (answer.Event is not (AnswerRecord.AnswerEvent or AnswerRecord.SkipEvent or AnswerRecord.CompleteEvent or AnswerRecord.StopEvent))
        {
            throw new InvalidDataException($"Answer stream entry {entry.Id} has an unknown event.");
        }

        if (answer.Event is AnswerRecord.AnswerEvent or AnswerRecord.SkipEvent && answer.QuestionId is null)
        {
            throw new InvalidDataException($"Answer stream entry {entry.Id} is an answer without a question id.");
        }

        return answer;
    }
}

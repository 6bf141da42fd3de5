using System.Text.Json.Serialization;

namespace CxBot.Responses;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ResponsesJson : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using CxBot.Workspace.Database;

namespace CxBot.Workspace;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChartNote))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class WorkspaceJson : JsonSerializerContext;

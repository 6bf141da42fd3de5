using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Workspace.Corrections;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CorrectionAudit))]
[JsonSerializable(typeof(List<TagLabel>))]
internal sealed partial class CorrectionsJson : JsonSerializerContext;

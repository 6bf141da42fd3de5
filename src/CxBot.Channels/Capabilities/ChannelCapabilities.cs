using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using CxBot.Channels.Cards;

namespace CxBot.Channels.Capabilities;

/// <summary>
/// What one channel can show. Zero means "none" for counts and "no limit" for <see cref="TextLimit"/>.
/// <see cref="AdaptiveCards"/>: the question kinds this channel shows as Adaptive Cards, and how.
/// </summary>
public sealed record ChannelCapability(
    int SuggestedActions,
    int MaxTitle,
    int CardActions,
    int TextLimit,
    bool Markdown,
    bool Typing,
    bool PersonalOnly = false,
    AdaptiveCardSupport? AdaptiveCards = null)
{
    /// <summary>Suggested actions in this conversation? Teams shows them in personal chats only.</summary>
    public int SuggestedActionsIn(string? conversationType) =>
        PersonalOnly && conversationType is not null && conversationType != "personal" ? 0 : SuggestedActions;
}

/// <summary>The one table of channel capabilities (Capabilities/channels.json), looked up by channel id.</summary>
public sealed class ChannelCapabilities
{
    private readonly FrozenDictionary<string, ChannelCapability> _byChannel;
    private readonly ChannelCapability _default;

    private ChannelCapabilities(FrozenDictionary<string, ChannelCapability> byChannel)
    {
        _byChannel = byChannel;
        _default = byChannel["default"];
    }

    public static ChannelCapabilities Default { get; } = LoadEmbedded();

    public IEnumerable<string> ChannelIds => _byChannel.Keys.Where(k => k != "default");

    public ChannelCapability For(string? channelId) =>
        channelId is not null && _byChannel.TryGetValue(channelId.ToLowerInvariant(), out var c) ? c : _default;

    private static ChannelCapabilities LoadEmbedded()
    {
        using var stream = typeof(ChannelCapabilities).Assembly.GetManifestResourceStream("CxBot.Channels.channels.json")
            ?? throw new InvalidOperationException("Embedded channels.json is missing.");
        return Parse(stream);
    }

    internal static ChannelCapabilities Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var table = new Dictionary<string, ChannelCapability>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name.StartsWith('$')) continue;
            table[p.Name] = p.Value.Deserialize(CapabilityJson.Default.ChannelCapability)
                ?? throw new InvalidDataException($"Channel '{p.Name}' has no capabilities.");
        }
        if (!table.ContainsKey("default")) throw new InvalidDataException("channels.json needs a 'default' entry.");
        return new ChannelCapabilities(table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChannelCapability))]
internal sealed partial class CapabilityJson : JsonSerializerContext;

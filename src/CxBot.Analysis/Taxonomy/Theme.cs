using System.Collections.Frozen;

namespace CxBot.Analysis.Taxonomy;

/// <summary>
/// A CX theme answers are tagged with. A retired theme stays known (old tags still resolve) but is no longer assigned.
/// <see cref="Name"/> and <see cref="Description"/> are English; <see cref="Names"/> and <see cref="Descriptions"/> hold what a
/// reader sees in the other languages.
/// </summary>
public sealed record Theme(string Id, string Name, string Description, bool Retired)
{
    public IReadOnlyDictionary<string, string> Names { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>The theme's name in <paramref name="language"/>, or its English name when that language has none.</summary>
    public string NameIn(string language) => Names.TryGetValue(language, out var name) ? name : Name;

    public IReadOnlyDictionary<string, string> Descriptions { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>What the theme covers in <paramref name="language"/>, or in English when that language has no description.</summary>
    public string DescriptionIn(string language) => Descriptions.TryGetValue(language, out var description) ? description : Description;
}

namespace CxBot.Analysis.Taxonomy;

/// <summary>A CX theme answers are tagged with. A retired theme stays known (old tags still resolve) but is no longer assigned.</summary>
public sealed record Theme(string Id, string Name, string Description, bool Retired);

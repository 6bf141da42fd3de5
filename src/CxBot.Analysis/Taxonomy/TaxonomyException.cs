namespace CxBot.Analysis.Taxonomy;

/// <summary>A taxonomy file that cannot be used; the message names the file and what is wrong with it.</summary>
public sealed class TaxonomyException(string message, Exception? inner = null) : Exception(message, inner);

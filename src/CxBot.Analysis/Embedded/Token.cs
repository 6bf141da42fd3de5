namespace CxBot.Analysis.Embedded;

internal enum TokenKind { Word, Number, Emoji, Punctuation, Pii }

/// <summary>
/// One token of an answer. <see cref="Form"/> is the folded word (for Russian, a script-neutral spelling so that
/// Cyrillic and Latin-typed Russian meet); <see cref="Stem"/> its stem; <see cref="AltForm"/> the elongated
/// word with doubled letters kept ("gooood" → "good").
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Form, string Stem, string? AltForm, int Start, int End)
{
    public bool IsWord => Kind is TokenKind.Word or TokenKind.Number;

    /// <summary>Punctuation that ends a clause: . ! ? ; , and the like.</summary>
    public bool EndsClause => Kind == TokenKind.Punctuation;
}

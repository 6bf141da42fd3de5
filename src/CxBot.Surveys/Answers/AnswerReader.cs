using System.Runtime.CompilerServices;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Answers;

/// <summary>
/// Reads typed answers to closed questions in en/ru/pl/ro by the rules of the labelled answer set:
/// commands first (stop wins over an answer), then an explicit number, then words and emoji.
/// Stateless after construction and safe to share between threads.
/// </summary>
public sealed class AnswerReader : IAnswerReader
{
    // A question's options are immutable, so their word index is built once per options list.
    private static readonly ConditionalWeakTable<IReadOnlyList<ChoiceOption>, OptionIndex> OptionIndexes = new();

    // Longer than the longest skip/stop/help/back phrase in any lexicon, punctuation included.
    private const int MaxCommandTokens = 16;

    private readonly Lexicon _lexicon = Lexicon.Shared;

    /// <summary>One reader for the whole process; the lexicons load on first use.</summary>
    public static AnswerReader Shared { get; } = new();

    public AnswerReading Read(ClosedQuestion question, string language, string text)
    {
        ArgumentNullException.ThrowIfNull(question);
        text ??= "";
        if (!Languages.Supported.Contains(language)) language = Languages.English;
        var tokens = Tokenizer.Split(TextNormalizer.Fold(text));
        // An open answer is a command only when it holds nothing else, and no command phrase is this long:
        // skip the word-by-word (and typo) look-up that long answers would otherwise pay for on every turn.
        if (question.Kind == QuestionKind.OpenText && tokens.Count > MaxCommandTokens) return AnswerReading.Ok(new AnswerValue.Text(text));
        var items = _lexicon.Analyse(tokens, language);
        var command = ReadCommand(items, question.Kind);
        if (question.Kind == QuestionKind.OpenText)
            return command is not null && OnlyCommandWords(items) ? command : AnswerReading.Ok(new AnswerValue.Text(text));
        if (command is not null) return command;
        if (items.Count == 0) return AnswerReading.Unclear;

        var asks = items.Exists(i => i.IsPunct('?')) && items.Exists(i => i.Has(TagKind.QuestionWord));
        if (asks)
        {
            // "is 10 the best?" asks how to answer; "where is my parcel?" is off-topic.
            var aboutScale = question.Kind is QuestionKind.Nps or QuestionKind.Csat or QuestionKind.Ces or QuestionKind.Likert
                && items.Exists(i => i.Kind == TokenKind.Number || i.Has(TagKind.Num) || i.Has(TagKind.Max) || i.Has(TagKind.Min));
            return aboutScale ? new AnswerReading(AnswerStatus.Help) : new AnswerReading(AnswerStatus.Unclear, IsQuestion: true);
        }

        var reading = question.Kind switch
        {
            QuestionKind.Nps => ReadScale(items, 0, 10, question.Kind),
            QuestionKind.Csat => ReadScale(items, 1, 5, question.Kind),
            QuestionKind.Ces => ReadScale(items, 1, 7, question.Kind),
            QuestionKind.Likert => ReadScale(items, 1, question.Points is 7 ? 7 : 5, question.Kind),
            QuestionKind.YesNo => ReadYesNo(items),
            QuestionKind.Choice or QuestionKind.MultiChoice => ReadChoice(tokens, items, question),
            QuestionKind.Ranking => ReadRanking(tokens, items, question),
            _ => AnswerReading.Unclear,
        };
        if (reading.Status == AnswerStatus.Unclear && FirstWord(items) is { } first && first.Has(TagKind.QuestionWord) && !first.Has(TagKind.Filler))
            return reading with { IsQuestion = true };
        return reading;
    }

    // ---- commands: stop, skip, back, help ----

    private static AnswerReading? ReadCommand(List<Item> items, QuestionKind kind)
    {
        if (items.Exists(i => i.Has(TagKind.Stop))) return new AnswerReading(AnswerStatus.Stop);
        if (items.Exists(i => i.Has(TagKind.Refuse)))
        {
            // A refusal aimed at this question skips it; a bare one, or one about the survey, ends it.
            // On a yes/no question a bare "I don't want" may be the answer itself.
            if (items.Exists(i => i.Has(TagKind.QuestionTarget))) return new AnswerReading(AnswerStatus.Skip);
            if (kind != QuestionKind.YesNo || items.Exists(i => i.Has(TagKind.SurveyTarget))) return new AnswerReading(AnswerStatus.Stop);
        }
        if (items.Exists(i => i.Has(TagKind.Skip))) return new AnswerReading(AnswerStatus.Skip);
        if (items.Exists(i => i.Has(TagKind.Back)) || OnlyWords(items, TagKind.BackWeak)) return new AnswerReading(AnswerStatus.Back);
        // "next", "dalej", "дальше" mean the next question only when typed on their own ("nie, dalej czekam" is an answer).
        if (OnlyWords(items, TagKind.SkipWeak)) return new AnswerReading(AnswerStatus.Skip);
        if (items.Exists(i => i.Has(TagKind.Help)) || OnlyWords(items, TagKind.HelpWeak)) return new AnswerReading(AnswerStatus.Help);
        if (items.Count > 0 && items.TrueForAll(i => i.IsPunct('?'))) return new AnswerReading(AnswerStatus.Help);
        return null;
    }

    /// <summary>True when the message holds a word with the tag and otherwise only filler words and punctuation.</summary>
    private static bool OnlyWords(List<Item> items, TagKind kind)
    {
        var found = false;
        foreach (var i in items)
        {
            if (i.Kind == TokenKind.Punct) continue;
            if (i.Has(kind)) { found = true; continue; }
            if (!IsFiller(i)) return false;
        }
        return found;
    }

    private static bool OnlyCommandWords(List<Item> items) => items.TrueForAll(i =>
        i.Kind == TokenKind.Punct || IsFiller(i)
        || i.Has(TagKind.Stop) || i.Has(TagKind.Skip) || i.Has(TagKind.SkipWeak) || i.Has(TagKind.Refuse)
        || i.Has(TagKind.QuestionTarget) || i.Has(TagKind.SurveyTarget)
        || i.Has(TagKind.Help) || i.Has(TagKind.HelpWeak) || i.Has(TagKind.Back) || i.Has(TagKind.BackWeak));

    private static bool IsFiller(Item i) => i.Kind == TokenKind.Word && (i.Has(TagKind.Filler) || i.Has(TagKind.Determiner) || i.Has(TagKind.Pronoun) && !i.Has(TagKind.Num));

    private static Item? FirstWord(List<Item> items)
    {
        foreach (var i in items) if (i.Kind == TokenKind.Word) return i;
        return null;
    }

    // ---- scales: nps, csat, ces, likert ----

    private static AnswerReading ReadScale(List<Item> items, int min, int max, QuestionKind kind)
    {
        var numbers = ReadNumbers(items, min, max);
        if (numbers is not null) return numbers;
        if (kind == QuestionKind.Nps) return ReadNpsWords(items);
        if (items.Exists(i => i.Has(TagKind.Unsure))) return AnswerReading.Unclear;
        var level = ReadLevel(items, likert: kind == QuestionKind.Likert);
        return level is { } l ? AnswerReading.Ok(new AnswerValue.Number(ToScale(l, max))) : AnswerReading.Unclear;
    }

    /// <summary>
    /// The score an explicit number gives, or null when no number speaks. Non-score numbers (days,
    /// times, order numbers) are ignored; a negated number is dropped; a correction keeps the last value;
    /// two candidates, a range or a fraction of a score are unclear; x/N counts only when N is the maximum.
    /// </summary>
    private static AnswerReading? ReadNumbers(List<Item> items, int min, int max)
    {
        var values = new List<(int Value, int At)>(2);
        bool ambiguous = false, negated = false;
        var lastCorrection = -1;
        var stars = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            if (it.Has(TagKind.Correction)) lastCorrection = i;
            if (it.Has(TagKind.Star)) stars++;
            if (it.Has(TagKind.Max)) values.Add((max, i));
            if (it.Has(TagKind.Min)) values.Add((min, i));
            if (!TryNumber(items, i, out var v)) continue;

            if (i + 2 < items.Count && items[i + 1].Kind == TokenKind.Punct && items[i + 1].Glued && items[i + 2].Glued && items[i + 2].Kind == TokenKind.Number)
            {
                var sep = items[i + 1].Text;
                if (sep == ":") { i += 2; continue; } // a time of day
                if (sep is "," or ".") { ambiguous = true; i += 2; continue; } // 8,5: between two values
            }
            // "9/10", "9 out of 10", "5 баллов из 10"
            var unit = i + 1 < items.Count && items[i + 1].Has(TagKind.ScoreUnit) ? 1 : 0;
            if (i + unit + 2 < items.Count && (items[i + unit + 1].IsPunct('/') || items[i + unit + 1].Has(TagKind.Of)) && TryNumber(items, i + unit + 2, out var of))
            {
                if (of == max) values.Add((v, i));
                else return AnswerReading.Unclear; // 8/10 on a five-point scale is not rescaled
                i += unit + 2;
                continue;
            }
            if (i + 2 < items.Count && items[i + 1].IsPunct('-') && TryNumber(items, i + 2, out _))
            {
                ambiguous = true;
                i += 2;
                continue;
            }
            if (IsNotAScore(items, i, v)) continue;
            if (IsNegated(items, i)) { negated = true; continue; }
            if (i > 0 && items[i].Glued && items[i - 1].IsPunct('-') && (i == 1 || items[i - 2].Kind != TokenKind.Number)) v = -v; // "-1"
            values.Add((v, i));
        }
        if (values.Count == 0 && stars > 0) values.Add((stars, 0));
        if (ambiguous || (values.Count > 0 && items.Exists(i => i.Has(TagKind.Half)))) return AnswerReading.Unclear;
        if (values.Count == 0) return negated ? AnswerReading.Unclear : null;

        var value = values[^1].Value;
        if (values.Exists(x => x.Value != value))
        {
            // "8, no wait, 9": a correction after the first value keeps the last one.
            if (lastCorrection <= values[0].At) return AnswerReading.Unclear;
        }
        return value >= min && value <= max ? AnswerReading.Ok(new AnswerValue.Number(value)) : new AnswerReading(AnswerStatus.OutOfRange);
    }

    private static bool TryNumber(List<Item> items, int i, out int value)
    {
        var it = items[i];
        if (it.Kind == TokenKind.Number) { value = it.Number; return true; }
        value = it.Value(TagKind.Num) ?? -1;
        if (value < 0) return false;
        // "the second one", "this one": a pronoun, not the number one.
        if (it.Has(TagKind.Pronoun) && PreviousWord(items, i) is { } p && (p.Has(TagKind.Ord) || p.Has(TagKind.Last) || p.Has(TagKind.Determiner))) return false;
        return true;
    }

    private static Item? PreviousWord(List<Item> items, int i) =>
        i > 0 && items[i - 1].Kind != TokenKind.Punct ? items[i - 1] : null;

    /// <summary>Counts, durations, amounts, ids: "3 days", "three times", "order 12345", "50%".</summary>
    private static bool IsNotAScore(List<Item> items, int i, int value)
    {
        if (value >= 1000) return true;
        if (i + 1 < items.Count)
        {
            var next = items[i + 1];
            if (next.Has(TagKind.Unit) || next.IsPunct('%') || next.IsPunct('$') || next.IsPunct('€') || next.IsPunct(':')) return true;
        }
        for (var k = i - 1; k >= 0 && k >= i - 2; k--)
        {
            var prev = items[k];
            if (prev.Has(TagKind.NonScore) || prev.IsPunct('$') || prev.IsPunct('€')) return true;
            if (!(prev.IsPunct('#') || prev.Has(TagKind.Determiner))) break;
        }
        return false;
    }

    /// <summary>"not a 10", "не 10": a negator right before the number (articles allowed between).</summary>
    private static bool IsNegated(List<Item> items, int i)
    {
        for (var k = i - 1; k >= 0; k--)
        {
            var prev = items[k];
            if (prev.Kind != TokenKind.Word) return false;
            if (prev.Has(TagKind.Neg) || prev.Has(TagKind.NegStrong)) return true;
            if (!prev.Has(TagKind.Determiner)) return false;
        }
        return false;
    }

    /// <summary>On 0..10 only the anchors have words: "definitely" is 10, "never" is 0.</summary>
    private static AnswerReading ReadNpsWords(List<Item> items)
    {
        bool top = false, bottom = false;
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            // "the parcel never arrived": an anchor word that bears on another verb than "recommend" is no answer.
            if (!it.Text.Contains(' ', StringComparison.Ordinal) && i + 1 < items.Count && items[i + 1].Kind == TokenKind.Word && items[i + 1].Tags.Length == 0) continue;
            if (it.Has(TagKind.AnchorMax)) top = true;
            else if (it.Has(TagKind.AnchorMin)) bottom = true;
            else if (it.Has(TagKind.YesStrong))
            {
                if (NegatedAfter(items, i, out var skipTo)) { bottom = true; i = skipTo; }
                else if (!IsNegated(items, i)) top = true;
                else bottom = true;
            }
        }
        if (top == bottom) return AnswerReading.Unclear;
        return AnswerReading.Ok(new AnswerValue.Number(top ? 10 : 0));
    }

    /// <summary>"of course not", "конечно нет", "sigur că nu": an emphatic word followed by a negation.</summary>
    private static bool NegatedAfter(List<Item> items, int i, out int at)
    {
        at = i;
        for (var k = i + 1; k < items.Count && k <= i + 3; k++)
        {
            var it = items[k];
            if (it.Kind == TokenKind.Punct && it.Text is "," or "-") continue;
            if (it.Kind != TokenKind.Word) return false;
            if (it.Has(TagKind.No) || it.Has(TagKind.Neg) || it.Has(TagKind.NegStrong)) { at = k; return true; }
            if (!it.Has(TagKind.Filler)) return false;
        }
        return false;
    }

    /// <summary>
    /// The ladder level (-3 extreme negative … 0 middle … +3 extreme positive) the words and emoji give,
    /// or null. Read right to left so that each head word collects the modifiers before it.
    /// </summary>
    private static int? ReadLevel(List<Item> items, bool likert)
    {
        var levels = new List<int>(2);
        int? pending = null;
        bool atAll = false, intensAfter = false, negated = false;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var it = items[i];
            if (it.Kind is TokenKind.Punct or TokenKind.Number || it.Has(TagKind.And) || it.Has(TagKind.Or))
            {
                // "yes, totally": a modifier after a comma still bears on the answer before it.
                if (pending is not null || it.Kind != TokenKind.Punct) Flush();
                continue;
            }
            if (pending is { } p && Modify(it, p, atAll, negated) is { } modified)
            {
                negated |= it.Has(TagKind.Neg) || it.Has(TagKind.NegStrong);
                pending = modified;
                continue;
            }
            if (HeadLevel(it, likert) is { } head)
            {
                if (pending is not null) Flush();
                pending = intensAfter ? Intensify(head) : head; // "agree strongly"
                intensAfter = false;
                continue;
            }
            if (pending is null && it.Has(TagKind.AtAll)) { atAll = true; continue; } // "not easy at all"
            if (pending is null && it.Has(TagKind.Intens)) { intensAfter = true; continue; }
            // A trailing negator answers a statement: "definitely not", "zdecydowanie nie".
            if (likert && pending is null && levels.Count == 0 && (it.Has(TagKind.Neg) || it.Has(TagKind.NegStrong)))
            {
                pending = it.Has(TagKind.NegStrong) ? -3 : -2;
                negated = true;
                continue;
            }
            if (IsFiller(it) || it.Has(TagKind.Neither)) continue;
            Flush();
        }
        Flush();
        if (items.Exists(i => i.Has(TagKind.Neither))) return 0; // "neither … nor …", or "neither" alone
        if (levels.Count == 0) return null;
        if (levels.Exists(l => l > 0) && levels.Exists(l => l < 0)) return null; // good and bad
        // Of several words on one side, the strongest speaks ("very easy and fast").
        var best = 0;
        foreach (var l in levels) if (Math.Abs(l) > Math.Abs(best)) best = l;
        return best;

        void Flush()
        {
            if (pending is { } p) levels.Add(p);
            pending = null;
            atAll = intensAfter = negated = false;
        }
    }

    private static int? HeadLevel(Item it, bool likert)
    {
        if (it.Value(TagKind.Level) is { } level) return level;
        if (!likert) return null;
        if (it.Has(TagKind.YesStrong)) return 3;
        if (it.Has(TagKind.Yes)) return 2;
        if (it.Has(TagKind.No)) return it.Has(TagKind.NegStrong) ? -3 : -2;
        return null;
    }

    private static int? Modify(Item it, int level, bool atAll, bool negated)
    {
        // Negative concord ("nu … deloc", "wcale nie … nie"): a second negator reinforces, it does not flip.
        if (negated && (it.Has(TagKind.Neg) || it.Has(TagKind.NegStrong))) return it.Has(TagKind.NegStrong) && level < 0 ? -3 : level;
        if (it.Has(TagKind.NegStrong) || (atAll && it.Has(TagKind.Neg))) return level > 0 ? -3 : level < 0 ? 1 : -1;
        if (it.Has(TagKind.Neg)) return level > 0 ? -1 : level < 0 ? 1 : -1;
        if (it.Has(TagKind.Intens)) return Intensify(level);
        if (it.Has(TagKind.Soft)) return Math.Sign(level);
        return null;
    }

    private static int Intensify(int level) => level > 0 ? 3 : level < 0 ? -3 : 0;

    /// <summary>The ladder on a 5- or 7-point scale; on 5 points the mild and plain steps share a value.</summary>
    private static int ToScale(int level, int max) => max == 7
        ? level + 4
        : level switch { >= 3 => 5, > 0 => 4, 0 => 3, >= -2 => 2, _ => 1 };

    // ---- yes / no ----

    private static AnswerReading ReadYesNo(List<Item> items)
    {
        bool yes = false, no = false, negatedStatement = false;
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            if (it.Has(TagKind.Yes) || it.Has(TagKind.YesStrong))
            {
                // "нет, конечно": an emphatic word after a no confirms the no.
                if (it.Has(TagKind.YesStrong) && i > 0 && LastWordBefore(items, i) is { } before && before.Has(TagKind.No)) continue;
                if (NegatedAfter(items, i, out var at)) { no = true; i = at; }
                else yes = true;
            }
            else if (it.Has(TagKind.No) || it.Has(TagKind.Refuse)) no = true;
            else if (it.Has(TagKind.Neg) || it.Has(TagKind.NegStrong))
            {
                // "probably not", "не"; "it was not resolved" says no in a sentence.
                if (NextWord(items, i) is not { } next) no = true;
                else if (next.Tags.Length == 0 || IsFiller(next)) negatedStatement = true;
            }
        }
        if (!yes && !no)
        {
            if (!negatedStatement || items.Exists(i => i.Has(TagKind.Unsure))) return AnswerReading.Unclear;
            no = true;
        }
        return yes == no ? AnswerReading.Unclear : AnswerReading.Ok(new AnswerValue.YesNo(yes));
    }

    private static Item? LastWordBefore(List<Item> items, int i)
    {
        for (var k = i - 1; k >= 0; k--)
            if (items[k].Kind is TokenKind.Word or TokenKind.Emoji) return items[k];
        return null;
    }

    private static Item? NextWord(List<Item> items, int i)
    {
        for (var k = i + 1; k < items.Count; k++)
            if (items[k].Kind is TokenKind.Word or TokenKind.Number) return items[k];
        return null;
    }

    // ---- choice and multi_choice ----

    private AnswerReading ReadChoice(List<Token> tokens, List<Item> items, ClosedQuestion question)
    {
        var options = question.Options;
        if (options.Count == 0) return AnswerReading.Unclear;
        var index = OptionIndexes.GetValue(options, o => new OptionIndex(o, _lexicon));
        var multi = question.Kind == QuestionKind.MultiChoice;
        var named = new bool[options.Count];
        var excluded = new bool[options.Count];
        bool all = false, none = false, except = false, outOfRange = false;
        if (!items.Exists(i => i.Has(TagKind.Except))) index.MatchPhrases(tokens, named);
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            var target = except ? excluded : named;
            // A word that names an option is the option, even where the lexicon would guess a typo or a unit.
            if (OptionIndex.MayName(it) && index.Match(it.Raw, target)) continue;
            if (it.Has(TagKind.All)) all = true;
            if (it.Has(TagKind.None)) none = true;
            if (it.Has(TagKind.Except)) except = true;
            if (it.Has(TagKind.Last)) target[^1] = true;
            if (it.Approximate) continue; // a word that merely resembles a number word names no option
            if (it.Value(TagKind.Ord) is { } ord) Mark(ord);
            else if (TryNumber(items, i, out var n) && !IsNotAScore(items, i, n))
            {
                if (multi && i + 2 < items.Count && items[i + 1].IsPunct('-') && TryNumber(items, i + 2, out var to) && to >= n)
                {
                    for (var x = n; x <= to; x++) Mark(x);
                    i += 2;
                }
                else Mark(n);
            }

            void Mark(int number)
            {
                if (number >= 1 && number <= target.Length) target[number - 1] = true;
                else outOfRange = true;
            }
        }
        var count = named.Count(x => x);
        if (!multi)
        {
            if (count == 1) return AnswerReading.Ok(new AnswerValue.Option(options[Array.IndexOf(named, true)].Id));
            return outOfRange && count == 0 ? new AnswerReading(AnswerStatus.OutOfRange) : AnswerReading.Unclear;
        }
        if (outOfRange) return new AnswerReading(AnswerStatus.OutOfRange);
        if (except)
        {
            // "everything except the website": every option not named after the exception word.
            if (!excluded.Contains(true)) return AnswerReading.Unclear;
            return Chosen(options, i => !excluded[i]);
        }
        if (count > 0) return Chosen(options, i => named[i]);
        if (none) return Chosen(options, _ => false);
        if (all) return Chosen(options, _ => true);
        return AnswerReading.Unclear;
    }

    // ---- ranking ----

    /// <summary>
    /// The options named, in the order they are named: a tap or one name is one pick, a typed order
    /// ("3, 1, 7", "service, products, digital") is several. Numbers count the options as listed, which
    /// are the ones not ranked yet. A word naming two options is passed over; a number given twice or
    /// out of range makes the whole order unclear, since the colleague meant something else.
    /// </summary>
    private AnswerReading ReadRanking(List<Token> tokens, List<Item> items, ClosedQuestion question)
    {
        var options = question.Options;
        if (options.Count == 0) return AnswerReading.Unclear;
        var index = OptionIndexes.GetValue(options, o => new OptionIndex(o, _lexicon));
        var order = new List<int>(options.Count);
        var byNumber = new HashSet<int>();
        var word = new bool[options.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            if (OptionIndex.MayName(it))
            {
                Array.Clear(word);
                if (index.Match(it.Raw, word))
                {
                    // Label words repeat within one name ("digital experiences"): a name already taken adds nothing.
                    if (word.Count(x => x) == 1 && Array.IndexOf(word, true) is var k && !order.Contains(k)) order.Add(k);
                    continue;
                }
            }
            if (it.Approximate) continue;
            int number;
            if (it.Value(TagKind.Ord) is { } ord) number = ord;
            else if (!TryNumber(items, i, out number) || IsNotAScore(items, i, number)) continue;
            if (number < 1 || number > options.Count) return new AnswerReading(AnswerStatus.OutOfRange);
            if (!byNumber.Add(number) || order.Contains(number - 1)) return AnswerReading.Unclear;
            order.Add(number - 1);
        }
        if (order.Count == 0)
        {
            // A synonym of several words names its option only as a whole, and has no single position.
            var phrases = new bool[options.Count];
            index.MatchPhrases(tokens, phrases);
            if (phrases.Count(x => x) == 1) order.Add(Array.IndexOf(phrases, true));
        }
        return order.Count == 0 ? AnswerReading.Unclear : AnswerReading.Ok(new AnswerValue.Options([.. order.Select(k => options[k].Id)]));
    }

    private static AnswerReading Chosen(IReadOnlyList<ChoiceOption> options, Func<int, bool> chosen)
    {
        var ids = new List<string>(options.Count);
        for (var i = 0; i < options.Count; i++) if (chosen(i)) ids.Add(options[i].Id);
        return AnswerReading.Ok(new AnswerValue.Options(ids));
    }
}

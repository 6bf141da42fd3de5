using System.Collections.Frozen;
using CxBot.Analysis.Language;
using CxBot.Analysis.Taxonomy;

namespace CxBot.Analysis.Embedded;

/// <summary>
/// The default analyzer: lexicons and rules from data files, no model and no network. PII is masked first and
/// only the masked text is analysed. Sentiment is scored per clause (split on punctuation and contrast words),
/// so that each theme takes the sentiment of the clause it was named in. Learns from a CX team's corrections:
/// near-duplicates of a corrected answer take its labels, and cue phrases learned from it tag other answers.
/// </summary>
public sealed class EmbeddedAnalyzer : ITextAnalyzer, ICorrectionSink
{
    public const string Name = "embedded";

    private const double NeutralBand = 0.3;
    private const double MixedFloor = 0.7;
    private const int NegationWindow = 2;
    private const int MaxLookBack = 5;
    private const double CorrectedConfidence = 0.95;

    private readonly IPiiRedactor _pii;
    private readonly LanguageDetector _detector;
    private readonly FrozenDictionary<string, Lazy<LanguageModel>> _models;
    private readonly CorrectionMemory _corrections = new();
    private readonly LearnedCues _learned = new();

    public EmbeddedAnalyzer(IPiiRedactor pii, ThemeTaxonomy? taxonomy = null, LanguageDetector? detector = null)
    {
        ArgumentNullException.ThrowIfNull(pii);
        _pii = pii;
        Taxonomy = taxonomy ?? ThemeTaxonomy.LoadDefault();
        _detector = detector ?? new LanguageDetector();
        var english = new Lazy<LanguageModel>(() => LanguageModel.Build("en", Taxonomy, null));
        _models = new Dictionary<string, Lazy<LanguageModel>>
        {
            ["en"] = english,
            ["ru"] = new(() => LanguageModel.Build("ru", Taxonomy, english.Value)),
            ["pl"] = new(() => LanguageModel.Build("pl", Taxonomy, english.Value)),
            ["ro"] = new(() => LanguageModel.Build("ro", Taxonomy, english.Value)),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ThemeTaxonomy Taxonomy { get; }

    public Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = new TextAnalysis[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = Analyze(batch[i]);
        }
        return Task.FromResult<IReadOnlyList<TextAnalysis>>(results);
    }

    /// <summary>Teaches the analyzer a CX team's correction; see <see cref="AddCorrection(AnswerCorrection)"/>.</summary>
    public void AddCorrection(string text, string language, IReadOnlyList<ThemeLabel> themes, Sentiment? sentiment = null) =>
        AddCorrection(new AnswerCorrection(text, language, themes, sentiment));

    /// <summary>
    /// Teaches the analyzer a CX team's correction. Later answers with the same or nearly the same words take these
    /// themes (and this sentiment, when given). When the analyzer missed a theme, a few distinctive words and word
    /// pairs of the answer become learned cues of it; when it gave a theme the team took away, the cues that gave
    /// it stop giving it in this language.
    /// </summary>
    public void AddCorrection(AnswerCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentNullException.ThrowIfNull(correction.Text, nameof(correction));
        ArgumentNullException.ThrowIfNull(correction.Themes, nameof(correction));
        var lang = NormalizeLanguage(correction.Language) ?? throw new ArgumentException($"unknown language '{correction.Language}'", nameof(correction));
        foreach (var t in correction.Themes)
        {
            if (Taxonomy.Find(t.Theme) is null) throw new ArgumentException($"unknown theme '{t.Theme}'", nameof(correction));
        }
        var model = _models[lang].Value;
        var masked = _pii.Redact(correction.Text).MaskedText;
        var tokens = Tokenize(masked, model);
        Learn(masked, tokens, model, correction.Themes);
        _corrections.Add(correction with { Text = masked, Language = lang }, ContentWords(tokens, model));
    }

    private void Learn(string masked, List<Token> tokens, LanguageModel model, IReadOnlyList<ThemeLabel> corrected)
    {
        var reading = Read(tokens, model);
        var learned = _learned.For(model.Language);
        var matches = model.Themes.FindLongest(tokens, learned.Suppressed);
        var learnedHits = LearnedCues.Find(learned, tokens, model);
        var found = FindThemes(masked, tokens, model, reading.Clauses, reading.Scoring, reading.Sentiment, matches, learnedHits)
            .Select(t => t.Theme).ToHashSet(StringComparer.Ordinal);
        var wanted = corrected.Select(t => t.Theme).ToHashSet(StringComparer.Ordinal);
        var removed = found.Where(t => !wanted.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var added = wanted.Where(t => !found.Contains(t) && Taxonomy.Find(t) is { Retired: false }).ToList();

        // With two or more missed themes the answer does not say which words belong to which: learn none.
        var candidates = added.Count == 1 ? LearnedCues.Candidates(learned, tokens, model, Covered(tokens, model), added[0]) : [];
        if (removed.Count == 0 && candidates.Count == 0) return;
        _learned.Update(model.Language, next =>
        {
            foreach (var m in matches) if (m.Pattern >= 0 && removed.Contains(m.Payload.Theme)) next.Suppressed.Add(m.Pattern);
            foreach (var h in learnedHits)
            {
                if (!removed.Contains(h.Theme) || !next.Cues.TryGetValue(h.Key, out var themes)) continue;
                themes.Remove(h.Theme);
                if (themes.Count == 0) next.Cues.Remove(h.Key);
            }
            foreach (var key in candidates)
            {
                if (!next.Cues.TryGetValue(key, out var themes)) next.Cues[key] = themes = new HashSet<string>(StringComparer.Ordinal);
                themes.Add(added[0]);
            }
        });
    }

    /// <summary>Tokens any lexicon entry, intent phrase or theme cue already speaks for: nothing to learn there.</summary>
    private static bool[] Covered(List<Token> tokens, LanguageModel model)
    {
        var covered = new bool[tokens.Count];
        void Mark<T>(PhraseMatcher<T> matcher)
        {
            foreach (var m in matcher.FindAll(tokens)) for (var k = m.Start; k < m.End; k++) covered[k] = true;
        }
        Mark(model.Sentiment);
        Mark(model.Cues);
        Mark(model.Churn);
        Mark(model.Contact);
        Mark(model.Themes);
        return covered;
    }

    public TextAnalysis Analyze(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var redaction = _pii.Redact(request.Text ?? "");
        var text = redaction.MaskedText;
        var language = NormalizeLanguage(request.Language) ?? _detector.Detect(text) ?? "en";
        var model = _models[language].Value;
        var tokens = Tokenize(text, model);
        var (cues, cueAt, clauses, scoring, sentiment, score, sentimentConfidence) = Read(tokens, model);

        var learned = _learned.For(language);
        var themes = FindThemes(
            text, tokens, model, clauses, scoring, sentiment, model.Themes.FindLongest(tokens, learned.Suppressed), LearnedCues.Find(learned, tokens, model));
        var churn = DetectIntent(model.Churn, tokens, clauses, cueAt, out var churnConfidence);
        var contact = DetectIntent(model.Contact, tokens, clauses, cueAt, out var contactConfidence);

        // A threat to leave ("if you charge me again I'm out") is bad news even when no other word says so;
        // a plain request to close an account ("moving abroad, please close it") stays neutral.
        if (churn && sentiment == Sentiment.Neutral && (scoring.NegativeIntentWords > 0 || cues.Any(c => c.Payload == Cue.Condition)))
        {
            sentiment = Sentiment.Negative;
            score = Math.Min(score, -0.4);
        }

        var words = 0;
        foreach (var t in tokens) if (t.Kind == TokenKind.Word && !model.Stopwords.Contains(t.Form)) words++;
        var isSpecific = themes.Count > 0 || churn || contact || words >= 5;

        var themeConfidence = themes.Count > 0 ? themes.Average(t => t.Confidence) : words >= 6 ? 0.5 : 0.85;

        // A CX team's correction of this answer, or of one worded nearly the same, wins over the rules.
        if (_corrections.Nearest(language, ContentWords(tokens, model)) is { } corrected)
        {
            themes = [.. corrected.Themes
                .Where(t => Taxonomy.Find(t.Theme) is { Retired: false })
                .Select(t => new ThemeMention(t.Theme, t.Sentiment, CorrectedConfidence, ["learned from a correction"]))];
            themeConfidence = CorrectedConfidence;
            isSpecific = isSpecific || themes.Count > 0;
            if (corrected.Sentiment is { } s)
            {
                sentiment = s;
                score = s switch
                {
                    Sentiment.Positive => Math.Max(score, 0.5),
                    Sentiment.Negative => Math.Min(score, -0.5),
                    _ => Math.Clamp(score, -NeutralBand, NeutralBand),
                };
                sentimentConfidence = CorrectedConfidence;
            }

            if (corrected.ChurnRisk is { } churnRisk)
            {
                churn = churnRisk;
                churnConfidence = CorrectedConfidence;
            }

            if (corrected.WantsContact is { } wantsContact)
            {
                contact = wantsContact;
                contactConfidence = CorrectedConfidence;
            }
        }

        return new TextAnalysis(
            request.Id, language, sentiment, Math.Round(score, 3), themes, churn, contact, redaction.Kinds, text, isSpecific,
            new AnalysisConfidence(sentimentConfidence, themeConfidence, churnConfidence, contactConfidence), Name);
    }

    private sealed record Reading(
        List<PhraseMatch<Cue>> Cues, Cue?[] CueAt, Clauses Clauses, Scoring Scoring, Sentiment Sentiment, double Score, double SentimentConfidence);

    /// <summary>Cue words, clauses and the sentiment of each clause and of the whole answer.</summary>
    private static Reading Read(List<Token> tokens, LanguageModel model)
    {
        var cues = model.Cues.FindLongest(tokens);
        var cueAt = new Cue?[tokens.Count];
        foreach (var c in cues) for (var k = c.Start; k < c.End; k++) cueAt[k] = c.Payload;
        var clauses = SplitClauses(tokens, cues);
        var scoring = ScoreClauses(tokens, model, cues, cueAt, clauses);
        var (sentiment, score, confidence) = Overall(scoring, tokens);
        return new Reading(cues, cueAt, clauses, scoring, sentiment, score, confidence);
    }

    /// <summary>Whether a typo in a long word no list knows is mended before matching (see <see cref="TypoCorrector"/>).</summary>
    internal bool TypoTolerance { get; init; } = true;

    private List<Token> Tokenize(string text, LanguageModel model)
    {
        var tokens = Tokenizer.Tokenize(text, model.Words);
        if (TypoTolerance) model.Typos.Fix(tokens);
        return tokens;
    }

    /// <summary>Why the analyzer decided as it did: tokens and the cues found, for tuning the data files.</summary>
    internal IEnumerable<string> Explain(string text, string language)
    {
        var model = _models[NormalizeLanguage(language) ?? "en"].Value;
        var tokens = Tokenize(_pii.Redact(text).MaskedText, model);
        yield return "tokens: " + string.Join(' ', tokens.Select(t => t.Form == t.Stem ? t.Form : $"{t.Form}/{t.Stem}"));
        foreach (var m in model.Sentiment.FindLongest(tokens)) yield return $"sentiment {m.Payload.Weight:+0.0;-0.0;0} @{m.Start}-{m.End}";
        foreach (var m in model.Cues.FindLongest(tokens)) yield return $"cue {m.Payload} @{m.Start}-{m.End}";
        var cues = model.Cues.FindLongest(tokens);
        var cueAt = new Cue?[tokens.Count];
        foreach (var c in cues) for (var k = c.Start; k < c.End; k++) cueAt[k] = c.Payload;
        var clauses = SplitClauses(tokens, cues);
        var scoring = ScoreClauses(tokens, model, cues, cueAt, clauses);
        yield return $"clauses: {string.Join(' ', Enumerable.Range(0, clauses.Count).Select(c => scoring.Net(c).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} sarcastic={scoring.Sarcastic}";
        foreach (var m in model.Churn.FindLongest(tokens)) yield return $"churn {m.Payload} @{m.Start}-{m.End}";
        foreach (var m in model.Contact.FindLongest(tokens)) yield return $"contact {m.Payload} @{m.Start}-{m.End}";
    }

    private static string? NormalizeLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return null;
        var l = language.Trim().ToLowerInvariant();
        if (l.Length > 2 && (l[2] == '-' || l[2] == '_')) l = l[..2];
        return l is "en" or "ru" or "pl" or "ro" ? l : null;
    }

    private static HashSet<string> ContentWords(List<Token> tokens, LanguageModel model)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            if (t.Kind is TokenKind.Word && !model.Stopwords.Contains(t.Form)) set.Add(t.Stem);
            else if (t.Kind is TokenKind.Emoji) set.Add(t.Form);
        }
        return set;
    }

    // ---- clauses -------------------------------------------------------------------------------------------

    /// <summary>Clause and sentence numbers per token; clauses end at punctuation and before contrast words.</summary>
    private sealed record Clauses(int[] ClauseOf, int[] SentenceOf, int Count, bool[] IsQuestion);

    private static Clauses SplitClauses(List<Token> tokens, List<PhraseMatch<Cue>> cues)
    {
        var clauseOf = new int[tokens.Count];
        var sentenceOf = new int[tokens.Count];
        var contrastStarts = new HashSet<int>(cues.Where(c => c.Payload == Cue.Contrast).Select(c => c.Start));
        int clause = 0, sentence = 0;
        var questionSentences = new List<bool>();
        var clauseSentence = new List<int> { 0 };
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (contrastStarts.Contains(i) && i > 0 && !tokens[i - 1].EndsClause) { clause++; clauseSentence.Add(sentence); }
            clauseOf[i] = clause;
            sentenceOf[i] = sentence;
            if (t.EndsClause)
            {
                if (t.Form is "?")
                {
                    while (questionSentences.Count <= sentence) questionSentences.Add(false);
                    questionSentences[sentence] = true;
                }
                clause++;
                clauseSentence.Add(t.Form is "," or ":" or "(" or ")" or "—" or "–" or "-" ? sentence : ++sentence);
            }
        }
        var isQuestion = new bool[clause + 1];
        for (var c = 0; c <= clause; c++)
        {
            var s = clauseSentence[Math.Min(c, clauseSentence.Count - 1)];
            isQuestion[c] = s < questionSentences.Count && questionSentences[s];
        }
        return new Clauses(clauseOf, sentenceOf, clause + 1, isQuestion);
    }

    // ---- sentiment -----------------------------------------------------------------------------------------

    private sealed class Scoring(int clauses)
    {
        public double[] Positive { get; } = new double[clauses];
        public double[] Negative { get; } = new double[clauses];
        public int Evidence { get; set; }
        public bool Sarcastic { get; set; }
        public int NegativeIntentWords { get; set; }
        public double Net(int clause) => Positive[clause] - Negative[clause];
    }

    private static Scoring ScoreClauses(List<Token> tokens, LanguageModel model, List<PhraseMatch<Cue>> cues, Cue?[] cueAt, Clauses clauses)
    {
        var scoring = new Scoring(clauses.Count);
        var matches = model.Sentiment.FindLongest(tokens);
        var sentimentStarts = new HashSet<int>(matches.Select(m => m.Start));
        var inSentiment = new bool[tokens.Count];
        foreach (var m in matches) for (var k = m.Start; k < m.End; k++) inSentiment[k] = true;
        var contributions = new List<(int Clause, double Weight, int Start)>();
        var lastStart = -1;
        var lastEnd = -1;
        foreach (var m in matches)
        {
            // One phrase listed twice ("спасибо", "спасиб*") counts once.
            if (m.Start == lastStart && m.End == lastEnd) continue;
            lastStart = m.Start;
            lastEnd = m.End;
            var w = m.Payload.Weight;
            if (w == 0) continue;
            // "never", "no": a negator, not a sentiment of its own; "super", "so": an intensifier when a word follows.
            if (m.Length == 1 && cueAt[m.Start] is Cue.Negator) continue;
            if (m.Length == 1 && cueAt[m.Start] is Cue.Intensifier or Cue.Diminisher && sentimentStarts.Contains(m.End)) continue;
            var clause = clauses.ClauseOf[m.Start];
            var negated = false;
            var multiplier = 1.0;
            // Look back over at most NegationWindow content words; clitics and auxiliaries ("n-am avut", "nu m-ați")
            // do not use up the window. An emoji is never negated, and a negator belongs to the nearest sentiment
            // word after it ("not bad, great" is not "not great").
            var content = 0;
            // A phrase that starts with its own negator ("не отвечает", "no answer") is not negated again ("никто не отвечает").
            var selfNegated = m.Length > 1 && cueAt[m.Start] is Cue.Negator;
            for (var k = m.Start - 1; k >= Math.Max(0, m.Start - MaxLookBack) && tokens[m.Start].Kind != TokenKind.Emoji && !selfNegated; k--)
            {
                if (tokens[k].EndsClause || clauses.ClauseOf[k] != clause || inSentiment[k] && cueAt[k] is not Cue.Negator) break;
                if (cueAt[k] is null && !model.Stopwords.Contains(tokens[k].Form) && ++content >= NegationWindow) break;
                switch (cueAt[k])
                {
                    // Negative concord ("nu e deloc", "wcale nie", "ничего не"): two negators still mean one negation.
                    case Cue.Negator: negated = true; break;
                    case Cue.Intensifier when k >= m.Start - 2: multiplier = 1.5; break;
                    case Cue.Diminisher when k >= m.Start - 2: multiplier = 0.5; break;
                }
            }
            if (negated) w = w > 0 ? -0.8 * w : -0.5 * w;
            w *= multiplier;
            if (m.End < tokens.Count && tokens[m.End].Form == "!") w *= 1.2;
            contributions.Add((clause, w, m.Start));
        }

        scoring.Sarcastic = IsSarcastic(tokens, cues, contributions);
        foreach (var (clause, weight, _) in contributions)
        {
            var w = scoring.Sarcastic && weight > 0 ? -weight : weight;
            if (w > 0) scoring.Positive[clause] += w; else scoring.Negative[clause] -= w;
            scoring.Evidence++;
        }
        scoring.NegativeIntentWords = contributions.Count(c => c.Weight < 0) + (scoring.Sarcastic ? 1 : 0);
        return scoring;
    }

    /// <summary>
    /// Praise that means the opposite: a sarcasm marker (🙄, "yeah right"), or praise opening the answer followed
    /// by "another"/"again"-style words or by complaints ("great, another week of waiting").
    /// </summary>
    private static bool IsSarcastic(List<Token> tokens, List<PhraseMatch<Cue>> cues, List<(int Clause, double Weight, int Start)> contributions)
    {
        if (!contributions.Any(c => c.Weight > 0)) return false;
        if (cues.Any(c => c.Payload == Cue.Sarcasm)) return true;
        var firstWord = tokens.FindIndex(t => t.IsWord);
        var opensWithPraise = contributions.Any(c => c.Weight > 0 && c.Start == firstWord)
            && firstWord + 1 < tokens.Count && tokens[firstWord + 1].EndsClause;
        if (!opensWithPraise) return false;
        return cues.Any(c => c.Payload == Cue.SarcasmContext) || contributions.Any(c => c.Weight < 0);
    }

    private static (Sentiment Sentiment, double Score, double Confidence) Overall(Scoring scoring, List<Token> tokens)
    {
        double positive = 0, negative = 0, bestPositive = 0, bestNegative = 0;
        for (var c = 0; c < scoring.Positive.Length; c++)
        {
            var net = scoring.Net(c);
            if (net > 0) { positive += net; bestPositive = Math.Max(bestPositive, net); }
            else { negative -= net; bestNegative = Math.Max(bestNegative, -net); }
        }
        var total = positive - negative;
        var score = Math.Clamp(Math.Tanh(total / 1.5), -1, 1);
        if (bestPositive >= MixedFloor && bestNegative >= MixedFloor)
        {
            var balance = Math.Min(positive, negative) / Math.Max(positive, negative);
            return (Sentiment.Mixed, score, 0.55 + 0.35 * balance);
        }
        if (Math.Abs(total) < NeutralBand)
        {
            var words = tokens.Count(t => t.IsWord || t.Kind == TokenKind.Emoji);
            return (Sentiment.Neutral, score, scoring.Evidence == 0 ? (words <= 3 ? 0.8 : 0.6) : 0.45);
        }
        var confidence = Math.Min(0.95, 0.55 + 0.2 * Math.Abs(total));
        return (total > 0 ? Sentiment.Positive : Sentiment.Negative, score, confidence);
    }

    // ---- themes --------------------------------------------------------------------------------------------

    private List<ThemeMention> FindThemes(
        string text, List<Token> tokens, LanguageModel model, Clauses clauses, Scoring scoring, Sentiment overall,
        List<PhraseMatch<ThemeCue>> matches, List<LearnedHit> learned)
    {
        // A learned cue counts as a strong one: a CX team said this answer is about the theme.
        foreach (var h in learned) matches.Add(new PhraseMatch<ThemeCue>(new ThemeCue(h.Theme, false), h.Start, h.End, h.End - h.Start, -1));
        if (matches.Count == 0) return [];
        var byTheme = new Dictionary<string, (HashSet<int> Clauses, List<string> Evidence, bool Strong)>(StringComparer.Ordinal);
        var sentences = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var m in matches)
        {
            var theme = m.Payload.Theme;
            var (themeClauses, evidence, strong) = byTheme.TryGetValue(theme, out var entry) ? entry : ([], [], false);
            themeClauses.Add(clauses.ClauseOf[m.Start]);
            // The words as the customer wrote them (PII already masked), not their folded forms.
            evidence.Add(text[tokens[m.Start].Start..tokens[m.End - 1].End]);
            byTheme[theme] = (themeClauses, evidence, strong || !m.Payload.Weak);
            if (!sentences.TryGetValue(theme, out var themeSentences)) sentences[theme] = themeSentences = [];
            themeSentences.Add(clauses.SentenceOf[m.Start]);
        }
        var result = new List<ThemeMention>(byTheme.Count);
        foreach (var (theme, (themeClauses, evidence, strong)) in byTheme)
        {
            // "waiting for my parcel" is delivery; a wait elsewhere in the answer still counts.
            if (Taxonomy.YieldsTo(theme).Any(other => sentences.TryGetValue(other, out var s) && s.Overlaps(sentences[theme]))) continue;
            // A weak cue ("app", "payment") named in passing, in a clause that says nothing about it, while the
            // answer is about something else, is not what the answer is about.
            if (!strong && overall != Sentiment.Neutral && themeClauses.All(c => Math.Abs(scoring.Net(c)) < NeutralBand)) continue;
            var sentiment = AspectSentiment(theme, themeClauses, clauses, scoring, overall);
            var confidence = Math.Min(0.9, 0.6 + 0.1 * evidence.Count + (evidence.Any(e => e.Contains(' ', StringComparison.Ordinal)) ? 0.1 : 0));
            result.Add(new ThemeMention(theme, sentiment, strong ? confidence : confidence - 0.1, evidence));
        }
        return result;
    }

    private static Sentiment AspectSentiment(string theme, HashSet<int> themeClauses, Clauses clauses, Scoring scoring, Sentiment overall)
    {
        if (theme == "feature_request") return Sentiment.Neutral;
        var net = themeClauses.Sum(scoring.Net);
        if (Math.Abs(net) >= NeutralBand) return net > 0 ? Sentiment.Positive : Sentiment.Negative;
        if (themeClauses.All(c => clauses.IsQuestion[c])) return Sentiment.Neutral;
        switch (overall)
        {
            case Sentiment.Positive: return Sentiment.Positive;
            case Sentiment.Negative: return Sentiment.Negative;
            case Sentiment.Neutral: return Sentiment.Neutral;
        }
        // Mixed: the nearest clause with a clear sentiment, looking forward first ("the courier — late again").
        var best = int.MaxValue;
        var value = 0.0;
        foreach (var c in themeClauses)
        {
            for (var other = 0; other < clauses.Count; other++)
            {
                var n = scoring.Net(other);
                if (Math.Abs(n) < NeutralBand) continue;
                var distance = Math.Abs(other - c) * 2 + (other < c ? 1 : 0);
                if (distance < best) { best = distance; value = n; }
            }
        }
        return value > 0 ? Sentiment.Positive : value < 0 ? Sentiment.Negative : Sentiment.Neutral;
    }

    // ---- intents -------------------------------------------------------------------------------------------

    /// <summary>
    /// True when a phrase of the intent is present, not negated, and not in a clause with a phrase that rules it
    /// out ("almost cancelled", "no need to call back").
    /// </summary>
    private static bool DetectIntent(PhraseMatcher<bool> matcher, List<Token> tokens, Clauses clauses, Cue?[] cueAt, out double confidence)
    {
        var matches = matcher.FindLongest(tokens);
        // A phrase that rules the intent out speaks for its own sentence and for what came before it: "I was about
        // to cancel. Staying." is no churn, but "they offered a discount to make me stay. I'm off to X" is.
        var vetoes = matches.Where(m => !m.Payload).ToList();
        var lastVeto = vetoes.Select(m => m.Start).DefaultIfEmpty(-1).Max();
        var vetoedSentences = vetoes.Select(m => clauses.SentenceOf[m.Start]).ToHashSet();
        var vetoed = vetoes.Count > 0;
        var found = false;
        foreach (var m in matches)
        {
            if (!m.Payload || m.Start < lastVeto || vetoedSentences.Contains(clauses.SentenceOf[m.Start])) continue;
            var negated = false;
            for (var k = m.Start - 1; k >= Math.Max(0, m.Start - 2); k--)
            {
                if (tokens[k].EndsClause) break;
                if (cueAt[k] == Cue.Negator) negated = true;
            }
            if (!negated) { found = true; break; }
        }
        confidence = found ? 0.85 : vetoed ? 0.75 : 0.9;
        return found;
    }
}

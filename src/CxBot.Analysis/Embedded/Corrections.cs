namespace CxBot.Analysis.Embedded;

/// <summary>
/// Corrections the analyzer learns from. A later answer whose content words are close enough to a corrected one
/// (Jaccard similarity of word stems) takes the corrected labels: the same text and light rewordings of it.
/// </summary>
internal sealed class CorrectionMemory
{
    public const double Threshold = 0.6;

    private readonly Lock _gate = new();
    private List<(AnswerCorrection Correction, HashSet<string> Words)> _items = [];

    public void Add(AnswerCorrection correction, HashSet<string> words)
    {
        lock (_gate)
        {
            // Copy on write: readers scan a list that never changes under them.
            var next = new List<(AnswerCorrection, HashSet<string>)>(_items.Where(i => !i.Words.SetEquals(words) || i.Correction.Language != correction.Language))
            {
                (correction, words),
            };
            _items = next;
        }
    }

    public AnswerCorrection? Nearest(string language, HashSet<string> words)
    {
        var items = _items;
        if (items.Count == 0 || words.Count == 0) return null;
        AnswerCorrection? best = null;
        var bestScore = Threshold;
        foreach (var (correction, known) in items)
        {
            if (correction.Language != language) continue;
            var common = 0;
            foreach (var w in words) if (known.Contains(w)) common++;
            var score = (double)common / (words.Count + known.Count - common);
            if (score >= bestScore) { bestScore = score; best = correction; }
        }
        return best;
    }
}

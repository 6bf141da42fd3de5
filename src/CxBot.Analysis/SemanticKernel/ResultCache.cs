namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// Least-recently-used cache of model results keyed by (masked text, language). Survey answers
/// repeat a lot ("ok", "good", "👍"), so even a small cache saves many requests.
/// </summary>
internal sealed class ResultCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Text, string Language), LinkedListNode<(string Text, string Language, LlmLabels Labels)>> _index = [];
    private readonly LinkedList<(string Text, string Language, LlmLabels Labels)> _order = new();
    private long _version;

    /// <summary>Drops everything when the given version differs from the one the entries were made under.</summary>
    public void EnsureVersion(long version)
    {
        lock (_gate)
        {
            if (_version != version)
            {
                _index.Clear();
                _order.Clear();
                _version = version;
            }
        }
    }

    public bool TryGet(string text, string language, out LlmLabels labels)
    {
        lock (_gate)
        {
            if (_index.TryGetValue((text, language), out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                labels = node.Value.Labels;
                return true;
            }
        }

        labels = null!;
        return false;
    }

    public void Set(string text, string language, LlmLabels labels, long version)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (version != _version)
            {
                return; // made before a correction arrived: not worth keeping
            }

            if (_index.Remove((text, language), out var old))
            {
                _order.Remove(old);
            }

            _index[(text, language)] = _order.AddFirst((text, language, labels));
            while (_order.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _index.Remove((last.Value.Text, last.Value.Language));
            }
        }
    }
}

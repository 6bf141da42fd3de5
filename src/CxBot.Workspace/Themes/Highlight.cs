using System.Text;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Themes;

/// <summary>Customer text as HTML with the matched phrases in &lt;mark&gt;; every character of the text itself is encoded.</summary>
internal static class Highlight
{
    public const char Start = '\u0001';
    public const char Stop = '\u0002';

    /// <summary>Marks every occurrence of each phrase (letter case ignored); phrases that are not in the text mark nothing.</summary>
    public static string Phrases(string text, IEnumerable<string> phrases)
    {
        var marked = new bool[text.Length];
        foreach (var phrase in phrases.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            for (var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, at, phrase.Length);
            }
        }

        var s = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var j = i;
            while (j < text.Length && marked[j] == marked[i]) j++;
            var part = Html.Encode(text[i..j]);
            s.Append(marked[i] ? $"<mark>{part}</mark>" : part);
            i = j;
        }

        return s.ToString();
    }

    /// <summary>Text whose matches sit between <see cref="Start"/> and <see cref="Stop"/> (from ts_headline).</summary>
    public static string Markers(string marked)
    {
        var s = new StringBuilder();
        var inside = false;
        var part = new StringBuilder();
        void Flush()
        {
            if (part.Length == 0) return;
            var encoded = Html.Encode(part.ToString());
            s.Append(inside ? $"<mark>{encoded}</mark>" : encoded);
            part.Clear();
        }

        foreach (var c in marked)
        {
            if (c is Start or Stop)
            {
                Flush();
                inside = c == Start;
            }
            else
            {
                part.Append(c);
            }
        }

        Flush();
        return s.ToString();
    }
}

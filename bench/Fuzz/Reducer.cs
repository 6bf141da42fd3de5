namespace CxBot.Surveys.Fuzz;

/// <summary>Shrinks a crashing survey file line by line (delta debugging) to the few lines that still crash, for a regression test.</summary>
internal static class Reducer
{
    public static string Reduce(string input, Func<string, bool> crashes)
    {
        var lines = input.Split('\n').ToList();
        for (var chunk = Math.Max(1, lines.Count / 2); chunk >= 1; chunk /= 2)
        {
            for (var at = 0; at < lines.Count;)
            {
                var candidate = lines.Take(at).Concat(lines.Skip(at + chunk)).ToList();
                if (candidate.Count > 0 && crashes(string.Join('\n', candidate))) lines = candidate;
                else at += chunk;
            }
        }

        return string.Join('\n', lines);
    }
}

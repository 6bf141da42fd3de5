namespace CxBot.Surveys.Fuzz;

/// <summary>Mutates a shipped survey file: deleted, duplicated and swapped lines and characters, values of the wrong type, broken indentation.</summary>
internal static class YamlMutator
{
    private static readonly string[] Values =
    [
        "", "~", "null", "[]", "{}", "[1, 2", "{a: ", "-1", "0", "999999999999", "1.5", "true", "\"\"", "'", "\"", "*anchor", "&anchor x",
        "!!binary AAAA", "!!int x", "? x", "- - -", "|", ">", "<<: *a", "%YAML 1.1", "---", "...", "😀", "\t", "{context.x|}", "{", "}",
    ];

    public static string Mutate(string yaml, Random random)
    {
        var lines = yaml.Split('\n').ToList();
        var mutations = random.Next(1, 8);
        for (var m = 0; m < mutations && lines.Count > 0; m++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(9))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    // A block duplicated: repeated questions, keys and list items.
                    var length = Math.Min(random.Next(1, 12), lines.Count - at);
                    lines.InsertRange(at, lines.GetRange(at, length));
                    break;
                case 3:
                    // Type swap: the value after a key replaced with something of another type.
                    var colon = lines[at].IndexOf(':', StringComparison.Ordinal);
                    lines[at] = colon >= 0
                        ? lines[at][..(colon + 1)] + " " + Values[random.Next(Values.Length)]
                        : lines[at] + Values[random.Next(Values.Length)];
                    break;
                case 4:
                    lines[at] = new string(' ', random.Next(0, 9)) + lines[at].TrimStart();
                    break;
                case 5:
                    (lines[at], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[at]);
                    break;
                case 6:
                    if (lines[at].Length > 0)
                    {
                        var start = random.Next(lines[at].Length);
                        lines[at] = lines[at].Remove(start, random.Next(1, lines[at].Length - start + 1));
                    }

                    break;
                case 7:
                    lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), Values[random.Next(Values.Length)]);
                    break;
                default:
                    lines.RemoveRange(at, Math.Min(random.Next(1, 20), lines.Count - at));
                    break;
            }
        }

        return string.Join('\n', lines);
    }
}

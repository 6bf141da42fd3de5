namespace CxBot.Cli;

/// <summary>A usage error: printed as one line, exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);

/// <summary>Reads "--name value" and "--flag" options; anything else is a positional argument.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CommandLine(string[] args, params string[] flags)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) { positional.Add(a); continue; }
            if (flags.Contains(a)) { _options[a] = null; continue; }
            if (i + 1 >= args.Length) throw new CommandLineException($"{a} needs a value");
            _options[a] = args[++i];
        }
        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new CommandLineException($"{name} is required");
}

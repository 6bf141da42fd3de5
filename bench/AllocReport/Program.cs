using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

// What the host allocates under load, from a `dotnet-trace collect --profile gc-verbose` file: the
// runtime reports an allocation sample about every 100 KB, with its type and call stack. Each sample
// is credited to its type and to the first frame outside the base class library that asked for it
// (the code a change would touch). Prints markdown.
//
//   dotnet bench/AllocReport/bin/Release/net10.0/AllocReport.dll trace.nettrace [topN]
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: AllocReport <trace.nettrace> [topN]");
    return 2;
}
var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);
var source = log.Events.GetSource();

var byType = new Dictionary<string, long>(StringComparer.Ordinal);
var byCaller = new Dictionary<string, long>(StringComparer.Ordinal);
var byArea = new Dictionary<string, long>(StringComparer.Ordinal);
long total = 0;
var samples = 0;

source.Clr.GCAllocationTick += data =>
{
    var bytes = data.AllocationAmount64;
    total += bytes;
    samples++;
    Add(byType, string.IsNullOrEmpty(data.TypeName) ? "(unknown type)" : data.TypeName, bytes);
    var (caller, area) = Attribute(data.CallStack());
    Add(byCaller, caller, bytes);
    Add(byArea, area, bytes);
};
source.Process();

Console.WriteLine($"# Allocations sampled from {Path.GetFileName(args[0])}");
Console.WriteLine();
Console.WriteLine($"{samples} samples, {total / 1048576.0:F1} MB sampled (one sample per ~100 KB allocated).");
Print("By area (the first frame outside the base class library)", byArea, total, top);
Print("By type", byType, total, top);
Print("By the first frame outside the base class library", byCaller, total, top);
return 0;

static void Add(Dictionary<string, long> map, string key, long bytes) =>
    map[key] = map.GetValueOrDefault(key) + bytes;

static (string Caller, string Area) Attribute(TraceCallStack? stack)
{
    for (var frame = stack; frame is not null; frame = frame.Caller)
    {
        var module = frame.CodeAddress.ModuleName ?? "";
        if (module.Length == 0 || IsBaseLibrary(module)) continue;
        var method = frame.CodeAddress.FullMethodName;
        var name = string.IsNullOrEmpty(method) ? module : module + "!" + Shorten(method);
        return (name, AreaOf(module));
    }
    return (stack is null ? "(no stack)" : "(base class library only)", "base class library");
}

static bool IsBaseLibrary(string module) =>
    module.StartsWith("System", StringComparison.OrdinalIgnoreCase)
    || module.StartsWith("mscorlib", StringComparison.OrdinalIgnoreCase)
    || module.StartsWith("Microsoft.Win32", StringComparison.OrdinalIgnoreCase)
    || module.StartsWith("libcoreclr", StringComparison.OrdinalIgnoreCase);

static string AreaOf(string module) => module switch
{
    _ when module.StartsWith("CxBot", StringComparison.Ordinal) => "CxBot",
    _ when module.StartsWith("Microsoft.Bot", StringComparison.Ordinal) || module.StartsWith("Microsoft.Rest", StringComparison.Ordinal) => "Bot Framework SDK",
    _ when module.StartsWith("Newtonsoft", StringComparison.Ordinal) => "Newtonsoft.Json (used by the SDK)",
    _ when module.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || module.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) => "ASP.NET Core",
    _ when module.StartsWith("StackExchange", StringComparison.Ordinal) || module.StartsWith("Pipelines", StringComparison.Ordinal) => "StackExchange.Redis",
    _ => module,
};

static string Shorten(string method)
{
    var paren = method.IndexOf('(', StringComparison.Ordinal);
    return paren > 0 ? method[..paren] : method;
}

static void Print(string title, Dictionary<string, long> map, long total, int top)
{
    Console.WriteLine();
    Console.WriteLine($"## {title}");
    Console.WriteLine();
    Console.WriteLine("| share | MB sampled | what |");
    Console.WriteLine("|---:|---:|---|");
    foreach (var (key, bytes) in map.OrderByDescending(p => p.Value).Take(top))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {100.0 * bytes / Math.Max(1, total):F1}% | {bytes / 1048576.0:F1} | `{key}` |"));
}

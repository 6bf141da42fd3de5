using System.Globalization;
using System.Text.Json;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Fuzz;

// bench/fuzz.sh: FUZZ_SECONDS (60) split between the answer reader and the survey loader, FUZZ_SEED
// (random; printed so a failure can be replayed), FUZZ_OUT (a folder for the JSON summary and crashers).
var seconds = int.Parse(Environment.GetEnvironmentVariable("FUZZ_SECONDS") is { Length: > 0 } s ? s : "60", CultureInfo.InvariantCulture);
var seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } fs ? int.Parse(fs, CultureInfo.InvariantCulture) : Random.Shared.Next();
var repository = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var output = Environment.GetEnvironmentVariable("FUZZ_OUT") is { Length: > 0 } o ? o : Path.Combine(repository, "bench", "results", "fuzz");
Directory.CreateDirectory(output);

// bench/fuzz.sh reduce <crash file>: the fewest lines of a crashing survey file that still crash.
if (args.Length > 2 && args[1] == "reduce")
{
    var crashed = File.ReadAllText(args[2]);
    var input = crashed[(crashed.IndexOf("---- input ----", StringComparison.Ordinal) + "---- input ----".Length)..].TrimStart('\r', '\n');
    Console.WriteLine(Reducer.Reduce(input, yaml =>
    {
        try
        {
            SurveyLoader.Parse(yaml);
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return true;
        }
    }));
    return 0;
}

var dialogs = Path.Combine(repository, "dialogs");
var shipped = Directory.GetFiles(dialogs, "*.yaml").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
var (catalog, problems) = SurveyLoader.LoadDirectory(dialogs);
if (problems.Any(p => p.IsError))
{
    Console.Error.WriteLine($"The shipped dialogs do not load: {string.Join("; ", problems)}");
    return 2;
}

// Open questions too: the reader looks for commands ("stop", "skip") in them.
var questions = catalog.All.SelectMany(survey => survey.Questions)
    .Select(ClosedQuestion.From)
    .ToList();

Console.WriteLine($"fuzz: seed {seed}, {seconds} s, {questions.Count} questions from {catalog.All.Count} surveys, {shipped.Count} survey files");
var budget = TimeSpan.FromSeconds(seconds);
var reader = AnswerReader.Shared;
var random = new Random(seed);

var answers = Campaign.Run("AnswerReader.Read", budget / 2, random, output, r =>
{
    var question = questions[r.Next(questions.Count)];
    var language = Inputs.Language(r);
    var text = Inputs.Text(r);
    return ($"{question.Kind} {language}: {text}", () => reader.Read(question, language, text));
});

var loader = Campaign.Run("SurveyLoader.Parse", budget / 2, random, output, r =>
{
    var (file, yaml) = shipped[r.Next(shipped.Count)];
    var mutated = YamlMutator.Mutate(yaml, r);
    return (mutated, () => SurveyLoader.Parse(mutated, file));
});

var summary = new[] { answers, loader };
Console.WriteLine();
Console.WriteLine("| target | inputs | inputs/s | crashes | slowest (ms) | slowest input (first 80 chars) |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");
foreach (var c in summary)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {c.Target} | {c.Inputs} | {c.Inputs / c.Elapsed.TotalSeconds:F0} | {c.Crashes} | {c.Slowest.TotalMilliseconds:F2} | {Inputs.Printable(c.SlowestInput, 80)} |"));
}

File.WriteAllText(Path.Combine(output, "fuzz.json"), JsonSerializer.Serialize(new
{
    seed,
    seconds,
    targets = summary.Select(c => new
    {
        target = c.Target,
        inputs = c.Inputs,
        crashes = c.Crashes,
        slowestMs = c.Slowest.TotalMilliseconds,
        slowestInput = c.SlowestInput.Length > 4_000 ? c.SlowestInput[..4_000] : c.SlowestInput,
        slowestInputLength = c.SlowestInput.Length,
    }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"fuzz: summary in {Path.Combine(output, "fuzz.json")}");
return summary.Any(c => c.Crashes > 0 || c.Slowest > Campaign.SlowLimit) ? 1 : 0;

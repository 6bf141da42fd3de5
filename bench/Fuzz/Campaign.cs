using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CxBot.Surveys.Fuzz;

internal sealed record CampaignResult(string Target, long Inputs, int Crashes, TimeSpan Elapsed, TimeSpan Slowest, string SlowestInput);

/// <summary>Runs one target on random inputs until its time is up: any exception is a crash, written to a file to replay.</summary>
internal static class Campaign
{
    /// <summary>One call slower than this fails the run: a turn reads one answer and must stay well under a frame of latency.</summary>
    public static readonly TimeSpan SlowLimit = TimeSpan.FromMilliseconds(250);

    public static CampaignResult Run(string target, TimeSpan budget, Random random, string output, Func<Random, (string Input, Action Call)> next)
    {
        // One call first, untimed: loading the lexicons and JIT compiling is start-up, not a slow input.
        try
        {
            next(new Random(0)).Call();
        }
        catch (Exception)
        {
            // The campaign below records it.
        }

        var clock = Stopwatch.StartNew();
        var call = new Stopwatch();
        long inputs = 0;
        var crashes = 0;
        var slowest = TimeSpan.Zero;
        var slowestInput = "";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (clock.Elapsed < budget)
        {
            var (input, action) = next(random);
            inputs++;
            call.Restart();
            try
            {
                action();
            }
            catch (Exception e)
            {
                // One file per distinct failure (type and top frame), so a flood of the same crash stays readable.
                var signature = e.GetType().Name + " " + e.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
                crashes++;
                if (seen.Add(signature))
                {
                    var file = Path.Combine(output, string.Create(CultureInfo.InvariantCulture, $"crash-{target}-{seen.Count}.txt"));
                    File.WriteAllText(file, $"{e}{Environment.NewLine}---- input ----{Environment.NewLine}{input}", Encoding.UTF8);
                    Console.WriteLine($"fuzz: {target} crashed ({e.GetType().Name}: {e.Message}); input in {file}");
                }
            }

            call.Stop();
            if (call.Elapsed > slowest)
            {
                slowest = call.Elapsed;
                slowestInput = input;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {target}: {inputs} inputs in {clock.Elapsed.TotalSeconds:F1} s, {crashes} crashes, slowest {slowest.TotalMilliseconds:F2} ms"));
        return new CampaignResult(target, inputs, crashes, clock.Elapsed, slowest, slowestInput);
    }
}

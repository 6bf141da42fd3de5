namespace CxBot.Surveys.Definitions;

public enum ProblemSeverity { Error, Warning }

/// <summary>One thing wrong with a survey file, at the place an editor can jump to (1-based line and column).</summary>
public sealed record SurveyProblem(string File, int Line, int Column, string Message, ProblemSeverity Severity)
{
    public bool IsError => Severity == ProblemSeverity.Error;

    public override string ToString() =>
        Severity == ProblemSeverity.Warning ? $"{File}:{Line}:{Column}: warning: {Message}" : $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Thrown when the survey files cannot be used; the message lists every problem, one per line.</summary>
public sealed class InvalidSurveyException : Exception
{
    public InvalidSurveyException(IReadOnlyList<SurveyProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    public IReadOnlyList<SurveyProblem> Problems { get; }

    private static string Describe(IReadOnlyList<SurveyProblem> problems) =>
        $"The survey files are invalid ({problems.Count(p => p.IsError)} error(s)):{Environment.NewLine}"
        + string.Join(Environment.NewLine, problems.Select(p => p.ToString()));
}

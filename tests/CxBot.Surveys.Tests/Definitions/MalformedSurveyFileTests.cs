using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Definitions;

/// <summary>Malformed survey files found by bench/fuzz.sh: each must come back as a problem, never an exception.</summary>
public sealed class MalformedSurveyFileTests
{
    [Fact]
    public void A_list_item_with_an_empty_key_is_a_syntax_problem_not_a_crash()
    {
        var (survey, problems) = SurveyLoader.Parse("""
            id: returns
            version: 2
            languages: [en]
            title: { en: Your return }
            questions:
              - : refund_speed
            closing: { en: Thanks }
            """, "returns.yaml");

        Assert.Null(survey);
        var problem = Assert.Single(problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.StartsWith("returns.yaml:", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("YAML syntax", problem.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Definitions;

/// <summary>A published (id, version) must not drift: rewording, reordering or rescaling it asks for a new version.</summary>
public sealed class SurveyLockTests : IDisposable
{
    private const string Survey = """
        id: feedback
        version: 1
        languages: [en, pl]
        title: { en: Feedback, pl: Opinia }
        questions:
          - id: agree
            type: likert
            points: 5
            text: { en: Easy to use?, pl: Łatwe w obsłudze? }
          - id: pick
            type: choice
            text: { en: Best part?, pl: Najlepsza część? }
            options:
              - { id: speed, label: { en: Speed, pl: Szybkość } }
              - { id: price, label: { en: Price, pl: Cena } }
          - id: why
            type: open_text
            optional: true
            text: { en: Why?, pl: Dlaczego? }
        closing: { en: Thanks, pl: Dzięki }
        """;

    private readonly SurveyFiles _files = new();
    private readonly string _file;

    public SurveyLockTests()
    {
        _file = _files.Write("feedback.yaml", Survey);
        var (catalog, problems) = SurveyLoader.LoadDirectory(_files.Path);
        Assert.Empty(problems);
        SurveyLock.Publish(_files.Path, catalog);
    }

    public void Dispose() => _files.Dispose();

    private IReadOnlyList<SurveyProblem> Edit(string from, string to)
    {
        Assert.Contains(from, Survey, StringComparison.Ordinal);
        _files.Write("feedback.yaml", Survey.Replace(from, to, StringComparison.Ordinal));
        return SurveyLoader.LoadDirectory(_files.Path).Problems;
    }

    private void AssertWarnings(IReadOnlyList<SurveyProblem> problems, params string[] expected)
    {
        Assert.All(problems, p => Assert.Equal(ProblemSeverity.Warning, p.Severity));
        Assert.Equal(expected.Select(e => $"{_file}:{e}"), problems.Select(p => p.ToString()));
    }

    [Fact]
    public void An_unchanged_published_survey_is_silent()
    {
        Assert.Empty(SurveyLoader.LoadDirectory(_files.Path).Problems);
    }

    [Fact]
    public void Changing_only_synonyms_or_comments_is_silent()
    {
        Assert.Empty(Edit("- { id: price, label: { en: Price, pl: Cena } }", "- { id: price, label: { en: Price, pl: Cena }, synonyms: { en: [cost] } } # cost too"));
    }

    [Fact]
    public void A_reworded_question_warns_at_the_question()
    {
        AssertWarnings(Edit("pl: Łatwe w obsłudze?", "pl: Czy obsługa jest łatwa?"),
            "6:5: warning: question 'agree' was reworded (pl) since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void A_reworded_option_label_counts_as_rewording()
    {
        AssertWarnings(Edit("label: { en: Speed, pl: Szybkość }", "label: { en: Fast, pl: Szybkość }"),
            "10:5: warning: question 'pick' was reworded (en) since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void A_rescaled_likert_warns()
    {
        AssertWarnings(Edit("points: 5", "points: 7"),
            "6:5: warning: question 'agree' was rescaled from 5 to 7 points since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void A_changed_question_type_warns()
    {
        AssertWarnings(Edit("    type: open_text\n    optional: true", "    type: yes_no"),
            "16:5: warning: question 'why' was changed from open_text to yes_no since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void Changed_options_warn()
    {
        var problems = Edit("      - { id: price, label: { en: Price, pl: Cena } }",
            "      - { id: price, label: { en: Price, pl: Cena } }\n      - { id: design, label: { en: Design, pl: Wygląd } }");

        Assert.Contains(problems, p => p.ToString().StartsWith($"{_file}:10:5: warning: question 'pick' has different options (speed, price -> speed, price, design)", StringComparison.Ordinal));
    }

    [Fact]
    public void Reordered_questions_warn_at_each_moved_question()
    {
        var reordered = Survey.Replace("""
              - id: agree
                type: likert
                points: 5
                text: { en: Easy to use?, pl: Łatwe w obsłudze? }

            """, "", StringComparison.Ordinal).Replace("""
            closing:
            """, """
              - id: agree
                type: likert
                points: 5
                text: { en: Easy to use?, pl: Łatwe w obsłudze? }
            closing:
            """, StringComparison.Ordinal);
        _files.Write("feedback.yaml", reordered);

        AssertWarnings(SurveyLoader.LoadDirectory(_files.Path).Problems,
            "6:5: warning: question 'pick' was moved from position 2 to 1 since feedback@1 was published; publish a new version (version: 2)",
            "12:5: warning: question 'why' was moved from position 3 to 2 since feedback@1 was published; publish a new version (version: 2)",
            "16:5: warning: question 'agree' was moved from position 1 to 3 since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void An_added_question_warns_but_does_not_count_as_moving_the_others()
    {
        AssertWarnings(Edit("closing:", "  - { id: extra, type: yes_no, text: { en: More?, pl: Więcej? } }\nclosing:"),
            "20:5: warning: question 'extra' was added since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void A_dropped_language_warns_at_the_version()
    {
        var english = Survey.Replace("languages: [en, pl]", "languages: [en]", StringComparison.Ordinal);
        foreach (var polish in new[] { ", pl: Opinia", ", pl: Łatwe w obsłudze?", ", pl: Najlepsza część?", ", pl: Szybkość", ", pl: Cena", ", pl: Dlaczego?", ", pl: Dzięki" })
            english = english.Replace(polish, "", StringComparison.Ordinal);
        _files.Write("feedback.yaml", english);

        AssertWarnings(SurveyLoader.LoadDirectory(_files.Path).Problems,
            "2:10: warning: language pl was dropped since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void A_removed_question_warns_at_the_question_list()
    {
        AssertWarnings(Edit("  - id: why\n    type: open_text\n    optional: true\n    text: { en: Why?, pl: Dlaczego? }\n", ""),
            "6:3: warning: question 'why' was removed since feedback@1 was published; publish a new version (version: 2)");
    }

    [Fact]
    public void A_changed_survey_published_as_a_new_version_beside_the_old_one_is_silent()
    {
        _files.Write("feedback.v2.yaml", Survey.Replace("version: 1", "version: 2", StringComparison.Ordinal).Replace("points: 5", "points: 7", StringComparison.Ordinal));

        var (catalog, problems) = SurveyLoader.LoadDirectory(_files.Path);

        Assert.Empty(problems);
        Assert.Equal(7, catalog.Latest("feedback")!.Questions[0].Points);
        Assert.Equal(5, catalog.Find("feedback", 1)!.Questions[0].Points);
    }

    [Fact]
    public void A_published_version_whose_file_is_gone_warns_in_the_lock()
    {
        var problems = Edit("version: 1", "version: 2");

        var problem = Assert.Single(problems);
        Assert.Equal($"{Path.Combine(_files.Path, SurveyLock.FileName)}:3:5: warning: feedback@1 is published but no survey file defines it any more; conversations that began with it cannot continue", problem.ToString());
    }

    [Fact]
    public void Publishing_again_accepts_the_change_and_keeps_other_versions()
    {
        Edit("version: 1", "version: 2");
        SurveyLock.Publish(_files.Path, new SurveyCatalog([SurveyLoader.Parse(Survey.Replace("version: 1", "version: 2", StringComparison.Ordinal)).Survey!]));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_files.Path, SurveyLock.FileName)));
        Assert.Equal(["feedback@1", "feedback@2"], doc.RootElement.GetProperty("surveys").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_broken_lock_is_an_error()
    {
        File.WriteAllText(Path.Combine(_files.Path, SurveyLock.FileName), "{ \"surveys\": ");

        var (catalog, problems) = SurveyLoader.LoadDirectory(_files.Path);

        Assert.Contains(problems, p => p.IsError && p.File.EndsWith(SurveyLock.FileName, StringComparison.Ordinal));
        Assert.Empty(catalog.All);
    }

    [Fact]
    public void The_shipped_lock_publishes_all_five_surveys_at_version_1()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SurveyFiles.Dialogs, SurveyLock.FileName)));

        Assert.Equal(["cancellation@1", "employee-pulse@1", "onboarding@1", "post-purchase@1", "support-ticket@1"],
            doc.RootElement.GetProperty("surveys").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Rewording_a_shipped_survey_warns_against_the_shipped_lock()
    {
        using var copy = new SurveyFiles();
        copy.CopyShipped();
        var file = Path.Combine(copy.Path, "post-purchase.yaml");
        var yaml = File.ReadAllText(file);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("  - id: csat", StringComparison.Ordinal)) + 1;
        File.WriteAllText(file, yaml.Replace("Overall, how satisfied are you with your purchase?", "How happy are you with what you bought?", StringComparison.Ordinal));

        var problem = Assert.Single(SurveyLoader.LoadDirectory(copy.Path).Problems);

        Assert.Equal($"{file}:{line}:5: warning: question 'csat' was reworded (en) since post-purchase@1 was published; publish a new version (version: 2)", problem.ToString());
    }

    [Fact]
    public void Changing_how_many_a_published_ranking_orders_warns()
    {
        using var files = new SurveyFiles();
        const string ranking = """
            id: ranks
            version: 1
            languages: [en]
            title: { en: Ranks }
            questions:
              - id: order
                type: ranking
                top: 2
                text: { en: Order them }
                options:
                  - { id: a, label: { en: Alpha } }
                  - { id: b, label: { en: Beta } }
                  - { id: c, label: { en: Gamma } }
            closing: { en: Bye }
            """;
        var file = files.Write("ranks.yaml", ranking);
        SurveyLock.Publish(files.Path, SurveyLoader.LoadDirectory(files.Path).Catalog);
        Assert.Contains("\"top\": 2", File.ReadAllText(Path.Combine(files.Path, SurveyLock.FileName)), StringComparison.Ordinal);

        files.Write("ranks.yaml", ranking.Replace("    top: 2\n", "", StringComparison.Ordinal));

        var problem = Assert.Single(SurveyLoader.LoadDirectory(files.Path).Problems);
        Assert.Equal($"{file}:6:5: warning: question 'order' now ranks every option instead of the top 2 since ranks@1 was published; publish a new version (version: 2)", problem.ToString());
    }
}

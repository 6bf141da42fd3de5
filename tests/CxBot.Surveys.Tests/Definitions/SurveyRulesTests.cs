using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Definitions;

/// <summary>One test per validation rule: each names the exact line and column an editor jumps to.</summary>
public sealed class SurveyRulesTests
{
    private const string Head = """
        id: demo
        version: 1
        languages: [en]
        title: { en: A demo }

        """;

    private static IReadOnlyList<SurveyProblem> Problems(string yaml) => SurveyLoader.Parse(yaml, "demo.yaml").Problems;

    /// <summary>Exactly one problem, at line:column, saying what it says.</summary>
    private static void AssertOnly(IReadOnlyList<SurveyProblem> problems, int line, int column, string says)
    {
        var problem = Assert.Single(problems);
        Assert.Equal($"demo.yaml:{line}:{column}", $"{problem.File}:{problem.Line}:{problem.Column}");
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
    }

    [Fact]
    public void A_complete_survey_reads_into_its_definition()
    {
        var (survey, problems) = SurveyLoader.Parse(Head + """
            intro: { en: "Hello {context.name|there}" }
            questions:
              - id: rating
                type: likert
                points: 7
                text: { en: Rate us }
                low_label: { en: Poor }
                high_label: { en: Great }
              - id: pick
                type: multi_choice
                optional: true
                when: { question: rating, min: 5 }
                text: { en: "You gave {answers.rating}; what stood out?" }
                options:
                  - { id: speed, label: { en: Speed }, synonyms: { en: [fast, quick] } }
                  - { id: price, label: { en: Price } }
            closing: { en: Bye }
            anonymous: true
            """, "demo.yaml");

        Assert.Empty(problems);
        Assert.NotNull(survey);
        Assert.Equal(new SurveyKey("demo", 1), survey.Key);
        Assert.True(survey.Anonymous);
        Assert.Null(survey.Journey);
        Assert.Equal("Hello {context.name|there}", survey.Intro!.For("en"));
        var rating = survey.Questions[0];
        Assert.Equal((QuestionKind.Likert, 7, (1, 7)), (rating.Kind, rating.Points, rating.Scale));
        Assert.Equal("Great", rating.HighLabel!.For("en"));
        var pick = survey.Questions[1];
        Assert.True(pick.Optional);
        Assert.Equal(new Condition("rating", Min: 5), pick.When);
        Assert.Equal(["fast", "quick"], pick.Options[0].Synonyms!["en"]);
    }

    [Fact]
    public void An_unknown_key_is_named_where_it_stands()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: nps
                type: nps
                txet: { en: How likely? }
                text: { en: How likely? }
            closing: { en: Bye }
            """), 8, 5, "unknown key 'txet' in a question");
    }

    [Fact]
    public void A_missing_key_is_reported_at_the_mapping_that_lacks_it()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: nps
                type: nps
                text: { en: How likely? }
            """), 1, 1, "the survey is missing 'closing'");
    }

    [Fact]
    public void A_version_that_is_not_a_number_is_a_wrong_type()
    {
        AssertOnly(Problems("""
            id: demo
            version: first
            languages: [en]
            title: { en: A demo }
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 2, 10, "version must be a whole number");
    }

    [Fact]
    public void A_text_given_as_a_plain_string_is_a_wrong_type()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: How likely? }
            closing: { en: Bye }
            """), 6, 33, "text must give a text per language");
    }

    [Fact]
    public void A_survey_id_with_capitals_or_underscores_is_rejected()
    {
        AssertOnly(Problems("""
            id: Post_Purchase
            version: 1
            languages: [en]
            title: { en: A demo }
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 1, 5, "survey id 'Post_Purchase' may only use");
    }

    [Fact]
    public void A_question_id_with_a_dash_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: how-likely, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 6, 11, "question id 'how-likely' may only use");
    }

    [Fact]
    public void A_question_id_used_twice_is_reported_at_the_second()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: score, type: nps, text: { en: How likely? } }
              - { id: score, type: csat, text: { en: How satisfied? } }
            closing: { en: Bye }
            """), 7, 11, "duplicate question id 'score'");
    }

    [Fact]
    public void An_unknown_question_type_lists_the_known_ones()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: score, type: stars, text: { en: How many? } }
            closing: { en: Bye }
            """), 6, 24, "unknown question type 'stars'; expected one of: nps, csat, ces, likert, yes_no, choice, multi_choice, open_text");
    }

    [Fact]
    public void The_same_id_and_version_in_two_files_is_an_error_in_the_second_file()
    {
        using var files = new SurveyFiles();
        const string Survey = Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """;
        files.Write("a.yaml", Survey);
        files.Write("b.yaml", Survey);

        var (catalog, problems) = SurveyLoader.LoadDirectory(files.Path);

        var problem = Assert.Single(problems);
        Assert.Equal((Path.Combine(files.Path, "b.yaml"), 2, 10), (problem.File, problem.Line, problem.Column));
        Assert.Contains("demo@1 is already defined in " + Path.Combine(files.Path, "a.yaml"), problem.Message, StringComparison.Ordinal);
        Assert.Empty(catalog.All);
    }

    [Fact]
    public void Two_versions_of_one_survey_load_side_by_side_and_the_highest_is_latest()
    {
        using var files = new SurveyFiles();
        const string Survey = Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """;
        files.Write("demo.yaml", Survey);
        files.Write("demo.v2.yaml", Survey.Replace("version: 1", "version: 2", StringComparison.Ordinal));

        var (catalog, problems) = SurveyLoader.LoadDirectory(files.Path);

        Assert.Empty(problems);
        Assert.Equal(2, catalog.Latest("demo")!.Version);
        Assert.NotNull(catalog.Find("demo", 1));
        Assert.Null(catalog.Find("demo", 3));
    }

    [Fact]
    public void A_language_outside_en_ru_pl_ro_is_rejected()
    {
        AssertOnly(Problems("""
            id: demo
            version: 1
            languages: [en, de]
            title: { en: A demo }
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 3, 17, "unsupported language 'de'");
    }

    [Fact]
    public void A_missing_translation_is_an_error_not_a_fallback()
    {
        AssertOnly(Problems("""
            id: demo
            version: 1
            languages: [en, ro]
            title: { en: A demo, ro: O demonstrație }
            questions:
              - id: nps
                type: nps
                text:
                  en: How likely?
            closing: { en: Bye, ro: Pa }
            """), 9, 7, "text is missing the ro translation");
    }

    [Fact]
    public void A_text_in_a_language_the_survey_does_not_list_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely?, pl: Jak bardzo? } }
            closing: { en: Bye }
            """), 6, 52, "text has a 'pl' text, but the survey's languages are en");
    }

    [Fact]
    public void An_empty_text_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: "  " }
            """), 7, 16, "closing (en) is empty");
    }

    [Fact]
    public void A_likert_scale_has_five_or_seven_points()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: agree, type: likert, points: 6, text: { en: Agree? } }
            closing: { en: Bye }
            """), 6, 40, "a likert scale has 5 or 7 points, not 6");
    }

    [Fact]
    public void A_likert_without_points_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: agree, type: likert, text: { en: Agree? } }
            closing: { en: Bye }
            """), 6, 5, "a likert question needs 'points: 5' or 'points: 7'");
    }

    [Fact]
    public void Points_on_a_question_that_is_not_likert_are_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: sat, type: csat, points: 5, text: { en: Happy? } }
            closing: { en: Bye }
            """), 6, 36, "points only applies to a likert question");
    }

    [Fact]
    public void Scale_labels_on_a_question_that_is_not_a_scale_are_rejected()
    {
        var problems = Problems(Head + """
            questions:
              - { id: ok, type: yes_no, text: { en: Fine? }, low_label: { en: No }, high_label: { en: Yes } }
            closing: { en: Bye }
            """);

        Assert.Equal(
            ["demo.yaml:6:61: low_label only applies to a scale question (nps, csat, ces, likert)",
             "demo.yaml:6:85: high_label only applies to a scale question (nps, csat, ces, likert)"],
            problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_low_label_without_a_high_label_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? }, low_label: { en: Never } }
            closing: { en: Bye }
            """), 6, 65, "low_label and high_label go together");
    }

    [Fact]
    public void A_choice_needs_at_least_two_options()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: pick
                type: choice
                text: { en: Which? }
                options:
                  - { id: only, label: { en: The only one } }
            closing: { en: Bye }
            """), 10, 7, "a choice needs at least 2 options, not 1");
    }

    [Fact]
    public void Option_ids_are_unique_within_a_question()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: pick
                type: choice
                text: { en: Which? }
                options:
                  - { id: tea, label: { en: Tea } }
                  - { id: tea, label: { en: Green tea } }
            closing: { en: Bye }
            """), 11, 15, "duplicate option id 'tea'");
    }

    [Fact]
    public void Options_on_a_question_that_is_not_a_choice_are_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: nps
                type: nps
                text: { en: How likely? }
                options:
                  - { id: a, label: { en: A } }
                  - { id: b, label: { en: B } }
            closing: { en: Bye }
            """), 10, 7, "options only apply to a choice, multi_choice or ranking question, not nps");
    }

    [Fact]
    public void A_choice_without_options_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: pick, type: multi_choice, text: { en: Which? } }
            closing: { en: Bye }
            """), 6, 5, "a multi_choice question needs 'options'");
    }

    [Fact]
    public void A_condition_on_an_unknown_question_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
              - { id: why, type: open_text, when: { question: nsp, group: detractor }, text: { en: Why? } }
            closing: { en: Bye }
            """), 7, 51, "condition refers to an unknown question 'nsp'");
    }

    [Fact]
    public void A_condition_on_a_later_question_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: why, type: open_text, when: { question: nps, group: detractor }, text: { en: Why? } }
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 6, 51, "condition refers to question 'nps', which comes later");
    }

    [Fact]
    public void A_variant_on_a_later_question_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: why
                type: open_text
                text: { en: Why? }
                variants:
                  - when: { question: nps, group: promoter }
                    text: { en: What did you like? }
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 10, 27, "condition refers to question 'nps', which comes later");
    }

    [Fact]
    public void An_nps_group_on_a_question_that_is_not_nps_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: sat, type: csat, text: { en: Happy? } }
              - { id: why, type: open_text, when: { question: sat, group: detractor }, text: { en: Why? } }
            closing: { en: Bye }
            """), 7, 63, "group only applies to an nps question; 'sat' is csat");
    }

    [Fact]
    public void A_bound_outside_the_referenced_scale_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: effort, type: ces, text: { en: Easy? } }
              - { id: why, type: open_text, when: { question: effort, min: 0, max: 3 }, text: { en: Why? } }
            closing: { en: Bye }
            """), 7, 64, "min 0 is outside the 1-7 scale of 'effort'");
    }

    [Fact]
    public void Any_of_must_name_options_of_the_referenced_choice()
    {
        AssertOnly(Problems(Head + """
            questions:
              - id: pick
                type: choice
                text: { en: Which? }
                options:
                  - { id: tea, label: { en: Tea } }
                  - { id: coffee, label: { en: Coffee } }
              - { id: why, type: open_text, when: { question: pick, any_of: [tea, juice] }, text: { en: Why? } }
            closing: { en: Bye }
            """), 12, 71, "'juice' is not an option of 'pick'; expected one of: tea, coffee");
    }

    [Fact]
    public void Any_of_on_a_yes_no_question_takes_true_or_false()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: solved, type: yes_no, text: { en: Solved? } }
              - { id: why, type: open_text, when: { question: solved, any_of: [maybe] }, text: { en: Why? } }
            closing: { en: Bye }
            """), 7, 68, "'solved' is a yes_no question: any_of takes true or false, not 'maybe'");
    }

    [Fact]
    public void Piping_an_answer_of_an_unknown_question_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: "You gave us {answers.score}, thanks" }
            """), 7, 16, "{answers.score} refers to an unknown question 'score'");
    }

    [Fact]
    public void Piping_an_answer_that_is_not_given_yet_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: why, type: open_text, text: { en: "Why {answers.nps}?" } }
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 6, 45, "{answers.nps} refers to question 'nps', which is not answered yet");
    }

    [Fact]
    public void An_unknown_placeholder_is_rejected()
    {
        AssertOnly(Problems(Head + """
            intro: { en: "About order {order_id}" }
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 5, 14, "unknown placeholder '{order_id}'");
    }

    [Fact]
    public void A_context_placeholder_needs_a_fallback()
    {
        AssertOnly(Problems(Head + """
            intro: { en: "About order {context.order_id}" }
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """), 5, 14, "{context.order_id} needs a fallback");
    }

    [Fact]
    public void An_unclosed_brace_is_rejected()
    {
        AssertOnly(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: "How likely {context.x|" } }
            closing: { en: Bye }
            """), 6, 39, "has a '{' that is not closed");
    }

    [Fact]
    public void An_over_long_button_label_is_a_warning_that_keeps_the_survey()
    {
        var (survey, problems) = SurveyLoader.Parse(Head + """
            questions:
              - id: pick
                type: choice
                text: { en: Which? }
                options:
                  - { id: long, label: { en: An option label that goes on and on and on } }
                  - { id: short, label: { en: Short } }
            closing: { en: Bye }
            """, "demo.yaml");

        Assert.NotNull(survey);
        var problem = Assert.Single(problems);
        Assert.Equal(ProblemSeverity.Warning, problem.Severity);
        Assert.Equal("demo.yaml:10:34: warning: button label is 42 characters long; over 40 it gets cut on phones", problem.ToString());
    }

    [Fact]
    public void A_synonym_that_names_two_options_is_a_warning()
    {
        var (survey, problems) = SurveyLoader.Parse(Head + """
            questions:
              - id: pick
                type: choice
                text: { en: Which? }
                options:
                  - { id: phone, label: { en: Phone }, synonyms: { en: [call, ring] } }
                  - { id: video, label: { en: Video call }, synonyms: { en: [Call] } }
            closing: { en: Bye }
            """, "demo.yaml");

        Assert.NotNull(survey);
        Assert.Equal("demo.yaml:11:66: warning: 'Call' (en) names both 'phone' and 'video', so it will be read as unclear", Assert.Single(problems).ToString());
    }

    [Fact]
    public void A_yaml_syntax_error_carries_its_position()
    {
        var problem = Assert.Single(Problems(Head + """
            questions:
              - { id: nps, type: nps, text: { en: How likely? }
            closing: { en: Bye }
            """));

        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.StartsWith("demo.yaml:7:1: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("YAML syntax", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_is_a_syntax_error_at_the_second()
    {
        var problem = Assert.Single(Problems(Head + """
            questions:
              - id: nps
                type: nps
                text: { en: How likely? }
                type: csat
            closing: { en: Bye }
            """));

        Assert.StartsWith("demo.yaml:9:5: YAML syntax: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_prints_as_file_line_column_message()
    {
        var problem = new SurveyProblem("dialogs/x.yaml", 4, 9, "something is off", ProblemSeverity.Error);

        Assert.Equal("dialogs/x.yaml:4:9: something is off", problem.ToString());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = Problems("""
            id: Demo
            version: 0
            languages: [en]
            title: { en: "" }
            questions:
              - { id: nps, type: nps, text: { en: How likely? } }
            closing: { en: Bye }
            """);

        Assert.Equal(["1:5", "2:10", "4:14"], problems.Select(p => $"{p.Line}:{p.Column}"));
    }

    [Fact]
    public void Load_or_throw_lists_every_problem_line_in_its_message()
    {
        using var files = new SurveyFiles();
        var file = files.Write("demo.yaml", """
            id: demo
            version: 1
            languages: [en]
            title: { en: A demo }
            questions:
              - { id: nps, type: nps, points: 5, text: { en: How likely? } }
              - { id: nps, type: csat, text: { en: How satisfied? } }
            closing: { en: Bye }
            """);

        var e = Assert.Throws<InvalidSurveyException>(() => SurveyLoader.LoadOrThrow(files.Path));

        Assert.Equal(2, e.Problems.Count);
        Assert.Contains($"{file}:6:35: points only applies to a likert question", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{file}:7:11: duplicate question id 'nps'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_survey_files_cannot_be_loaded()
    {
        using var files = new SurveyFiles();

        var (catalog, problems) = SurveyLoader.LoadDirectory(files.Path);

        Assert.Contains("no survey files", Assert.Single(problems).Message, StringComparison.Ordinal);
        Assert.Empty(catalog.All);
    }

    [Fact]
    public void A_ranking_reads_with_its_options_and_top_n()
    {
        var (survey, problems) = SurveyLoader.Parse(Head + """
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
            """, "demo.yaml");

        Assert.Empty(problems);
        var order = survey!.Questions[0];
        Assert.Equal((QuestionKind.Ranking, 2, 2), (order.Kind, order.Top, order.RankCount));
        Assert.Equal(["a", "b", "c"], order.Options.Select(o => o.Id));
    }

    [Fact]
    public void A_top_n_of_every_option_or_more_is_an_error() =>
        AssertOnly(Problems(Head + """
            questions:
              - id: order
                type: ranking
                top: 3
                text: { en: Order them }
                options:
                  - { id: a, label: { en: Alpha } }
                  - { id: b, label: { en: Beta } }
                  - { id: c, label: { en: Gamma } }
            closing: { en: Bye }
            """), 8, 10, "top must be from 2 to one less than the number of options (3), not 3");

    [Fact]
    public void Top_on_a_question_that_is_not_a_ranking_is_an_error() =>
        AssertOnly(Problems(Head + """
            questions:
              - id: score
                type: csat
                top: 2
                text: { en: Rate us }
            closing: { en: Bye }
            """), 8, 10, "top only applies to a ranking question");

    [Fact]
    public void A_ranking_without_options_is_an_error() =>
        AssertOnly(Problems(Head + """
            questions:
              - id: order
                type: ranking
                text: { en: Order them }
            closing: { en: Bye }
            """), 6, 5, "a ranking question needs 'options'");

    [Fact]
    public void A_sum_of_earlier_scale_answers_may_be_piped() =>
        Assert.Empty(Problems(Head + """
            questions:
              - id: one
                type: csat
                text: { en: One }
              - id: two
                type: likert
                points: 5
                text: { en: Two }
            closing: { en: "Total {sum.one+two|none}" }
            """));

    [Fact]
    public void A_sum_of_an_answer_without_a_number_is_an_error() =>
        AssertOnly(Problems(Head + """
            questions:
              - id: one
                type: csat
                text: { en: One }
              - id: why
                type: open_text
                text: { en: Why? }
            closing: { en: "Total {sum.one+why|}" }
            """), 12, 16, "adds up 'why', which is open_text; only scale answers");

    [Fact]
    public void A_sum_of_a_question_not_answered_yet_is_an_error() =>
        AssertOnly(Problems(Head + """
            questions:
              - id: one
                type: csat
                text: { en: "So far {sum.one+two|}" }
              - id: two
                type: csat
                text: { en: Two }
            closing: { en: Bye }
            """), 8, 17, "adds up question 'one', which is not answered yet at this point");
}

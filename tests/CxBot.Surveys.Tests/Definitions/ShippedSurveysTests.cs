using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Definitions;

public sealed class ShippedSurveysTests
{
    [Fact]
    public void The_shipped_surveys_load_without_a_single_problem()
    {
        var (catalog, problems) = SurveyLoader.LoadDirectory(SurveyFiles.Dialogs);

        Assert.Empty(problems.Select(p => p.ToString()));
        Assert.Equal(["cancellation@1", "employee-pulse@1", "onboarding@1", "post-purchase@1", "support-ticket@1"], catalog.All.Select(s => s.Key.ToString()));
    }

    [Fact]
    public void Every_shipped_survey_speaks_all_four_languages()
    {
        var catalog = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs);

        Assert.All(catalog.All, s => Assert.Equal(Languages.Supported, s.Languages));
    }

    [Fact]
    public void Post_purchase_asks_nps_then_a_reason_worded_by_nps_group_then_csat_then_ces()
    {
        var survey = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs).Latest("post-purchase")!;

        Assert.Equal([QuestionKind.Nps, QuestionKind.OpenText, QuestionKind.Csat, QuestionKind.Ces], survey.Questions.Select(q => q.Kind));
        Assert.Equal([NpsGroup.Detractor, NpsGroup.Passive, NpsGroup.Promoter], survey.Questions[1].Variants!.Select(v => v.When.Group!.Value));
        Assert.Equal("purchase", survey.Journey);
    }

    [Fact]
    public void Post_purchase_intro_reads_well_without_an_order_number()
    {
        var survey = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs).Latest("post-purchase")!;

        Assert.All(survey.Languages, l => Assert.Contains("{context.order_id|}", survey.Intro!.For(l), StringComparison.Ordinal));
    }

    [Fact]
    public void Support_ticket_asks_what_is_missing_only_when_the_issue_was_not_resolved()
    {
        var survey = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs).Latest("support-ticket")!;

        var missing = survey.Find("still_missing")!;
        Assert.Equal("resolved", missing.When!.Question);
        Assert.Equal(["false"], missing.When.AnyOf);
        Assert.Equal(QuestionKind.YesNo, survey.Find("resolved")!.Kind);
    }

    [Fact]
    public void Cancellation_reasons_carry_synonyms_in_every_language()
    {
        var reason = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs).Latest("cancellation")!.Find("reason")!;

        Assert.Equal(["price", "missing_feature", "switched_provider", "service_quality", "no_longer_needed", "technical_problems", "other"], reason.Options.Select(o => o.Id));
        Assert.All(reason.Options, o => Assert.Equal(Languages.Supported.Order(), o.Synonyms!.Keys.Order()));
    }
}

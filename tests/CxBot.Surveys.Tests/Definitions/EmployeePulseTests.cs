using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Tests.Engine;

namespace CxBot.Surveys.Tests.Definitions;

/// <summary>The employee pulse as shipped: ten pillars rated 1–5, their total, then a top-5 ranking.</summary>
public sealed class EmployeePulseTests
{
    private static readonly string[] PillarIds =
        ["advertising", "content", "digital", "non_digital", "communication", "representatives", "products", "service", "friction", "reputation"];

    private static SurveyDefinition Pulse { get; } = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs).Latest("employee-pulse")!;

    [Fact]
    public void The_pulse_file_loads_without_a_problem_and_is_published()
    {
        var (catalog, problems) = SurveyLoader.LoadDirectory(SurveyFiles.Dialogs);

        Assert.DoesNotContain(problems, p => p.File.EndsWith("employee-pulse.yaml", StringComparison.Ordinal));
        Assert.NotNull(catalog.Find("employee-pulse", 1));
        Assert.Contains("\"employee-pulse@1\"", File.ReadAllText(Path.Combine(SurveyFiles.Dialogs, SurveyLock.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pulse_rates_the_ten_pillars_on_five_points_then_ranks_them()
    {
        Assert.Equal("employee_pulse", Pulse.Journey);
        Assert.False(Pulse.Anonymous);
        Assert.Equal(Languages.Supported, Pulse.Languages);
        Assert.Equal([.. PillarIds, "customer_priorities"], Pulse.Questions.Select(q => q.Id));
        Assert.All(Pulse.Questions.Take(10), q => Assert.Equal((QuestionKind.Likert, 5), (q.Kind, q.Points)));

        var ranking = Pulse.Questions[^1];
        Assert.Equal((QuestionKind.Ranking, 5), (ranking.Kind, ranking.Top));
        Assert.Equal(PillarIds, ranking.Options.Select(o => o.Id));
        Assert.All(Pulse.Languages, l => Assert.Contains("{sum." + string.Join('+', PillarIds) + "|", ranking.Text.For(l), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", "3", "Your total: 32 out of 50.", "customer service, products, digital, advertising, reputation")]
    [InlineData("ro", "trei", "Totalul dumneavoastră: 32 din 50.", "relatia cu clientii, produse, digitale, publicitate, reputatia")]
    public void A_colleague_rates_sees_the_total_and_ranks_a_top_five(string language, string three, string total, string order)
    {
        var chat = new EngineScript(Pulse, language);
        string[] ratings = ["4", "2", three, "5", "4", "3", "3", "2", "1", "5"];
        foreach (var rating in ratings) chat.Send(rating);

        Assert.Equal("customer_priorities", chat.CurrentQuestion);
        Assert.Contains(total, chat.Last.Text, StringComparison.Ordinal);
        Assert.Equal(10, chat.Last.Prompt!.Choices.Count);

        chat.Send(order);

        var answers = chat.Recorded.Where(r => r.Event == "answer").ToList();
        Assert.Equal([4, 2, 3, 5, 4, 3, 3, 2, 1, 5], answers.Take(10).Select(a => ((AnswerValue.Number)a.Value!).Value));
        Assert.Equal(new AnswerValue.Options(["service", "products", "digital", "advertising", "reputation"]), answers[^1].Value);
        Assert.Equal("complete", chat.Recorded[^1].Event);
        Assert.All(chat.Recorded, r => Assert.Equal(language, r.Language));
    }

    [Fact]
    public void A_colleague_in_russian_ranks_by_tapping_one_pillar_at_a_time()
    {
        var chat = new EngineScript(Pulse, "ru");
        for (var i = 0; i < 10; i++) chat.Send("4");
        Assert.Contains("40 из 50", chat.Last.Text, StringComparison.Ordinal);

        var ranking = Pulse.Questions[^1];
        foreach (var id in new[] { "friction", "service", "products", "reputation", "digital" })
        {
            var button = Assert.Single(chat.Last.Prompt!.Choices, c => c.Title == ranking.Options.First(o => o.Id == id).Label.For("ru"));
            chat.Send(button.Value);
        }

        Assert.Equal(new AnswerValue.Options(["friction", "service", "products", "reputation", "digital"]), chat.Recorded.Single(r => r.QuestionId == "customer_priorities").Value);
        Assert.Equal("complete", chat.Recorded[^1].Event);
    }
}

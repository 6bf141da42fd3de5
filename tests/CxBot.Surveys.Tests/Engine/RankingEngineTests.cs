using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Engine;
using static CxBot.Surveys.Tests.Engine.EngineScript;
using static CxBot.Surveys.Tests.Engine.TestSurveys;

namespace CxBot.Surveys.Tests.Engine;

/// <summary>A ranking in chat: one pick at a time among the options left, or the whole order typed at once.</summary>
public sealed class RankingEngineTests
{
    private static SurveyDefinition Survey(int top = 0) => new(
        "rank-test", 1, ["en", "pl"], T("Test"), null,
        [
            new Question("speed", QuestionKind.Csat, T("How fast were we?"), []),
            new Question("value", QuestionKind.Csat, T("How good value were we?"), []),
            new Question("order", QuestionKind.Ranking, T("Your total is {sum.speed+value|none}. What matters most?"),
            [
                new ChoiceOption("price", T("Price", "Cena")),
                new ChoiceOption("delivery", T("Delivery", "Dostawa")),
                new ChoiceOption("quality", T("Quality", "Jakość")),
                new ChoiceOption("support", T("Support", "Wsparcie")),
            ], Top: top),
            new Question("why", QuestionKind.OpenText, T("Why?"), [], Optional: true),
        ],
        T("Thanks!"));

    private static EngineScript AtRanking(int top = 0, string language = "en") => new EngineScript(Survey(top), language).Send("4").Send("3");

    private static IReadOnlyList<string> Buttons(EngineScript chat) => [.. chat.Last.Prompt!.Choices.Select(c => c.Title)];

    [Fact]
    public void The_sum_of_named_answers_is_piped_into_the_ranking_question()
    {
        var chat = AtRanking();

        Assert.Contains("Your total is 7.", chat.Last.Text, StringComparison.Ordinal);
        Assert.Contains(Text("en", "rank.how"), chat.Last.Text, StringComparison.Ordinal);
        Assert.Equal(QuestionKind.Ranking, chat.Last.Prompt!.Kind);
        Assert.Equal(["Price", "Delivery", "Quality", "Support"], Buttons(chat));
    }

    [Fact]
    public void A_skipped_answer_adds_nothing_to_the_sum_and_none_answered_uses_the_fallback()
    {
        Assert.Contains("Your total is 3.", new EngineScript(Survey()).Send("skip").Send("skip").Send("3").Last.Text, StringComparison.Ordinal);
        Assert.Contains("Your total is none.", new EngineScript(Survey()).Send("skip").Send("skip").Send("skip").Send("skip").Last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_tap_picks_the_most_important_of_those_left_and_the_last_place_fills_itself()
    {
        var chat = AtRanking().Send("Quality");
        Assert.Equal(["Price", "Delivery", "Support"], Buttons(chat));
        Assert.Contains("1. Quality", chat.Last.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(chat.Recorded, r => r.QuestionId == "order");

        chat.Send("Support").Send("Price");

        var answer = Assert.Single(chat.Recorded, r => r.QuestionId == "order");
        Assert.Equal(new AnswerValue.Options(["quality", "support", "price", "delivery"]), answer.Value);
        Assert.Equal(QuestionKind.Ranking, answer.Kind);
        Assert.Equal("quality,support,price,delivery", chat.State.Answers["order"]);
        Assert.Equal("why", chat.CurrentQuestion);
        Assert.Contains("1. Quality · 2. Support · 3. Price · 4. Delivery", chat.Last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_typed_between_taps_count_the_buttons_left()
    {
        var chat = AtRanking().Send("Price").Send("2");

        Assert.Equal(["Delivery", "Support"], Buttons(chat));
        Assert.Contains("1. Price · 2. Quality", chat.Last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_full_order_answers_in_one_message()
    {
        var chat = AtRanking().Send("3, 1, 4, 2");

        Assert.Equal(new AnswerValue.Options(["quality", "price", "support", "delivery"]), Assert.Single(chat.Recorded, r => r.QuestionId == "order").Value);
        Assert.Equal("why", chat.CurrentQuestion);
    }

    [Fact]
    public void A_typed_order_in_polish_without_diacritics_is_read()
    {
        var chat = AtRanking(language: "pl").Send("jakosc, dostawa, cena");

        Assert.Equal(new AnswerValue.Options(["quality", "delivery", "price", "support"]), Assert.Single(chat.Recorded, r => r.QuestionId == "order").Value);
    }

    [Fact]
    public void A_top_n_ranking_stops_after_n_picks_and_leaves_the_rest_unranked()
    {
        var chat = AtRanking(top: 2);
        Assert.Contains(Text("en", "rank.how.top").Replace("{top}", "2", StringComparison.Ordinal), chat.Last.Text, StringComparison.Ordinal);

        chat.Send("Delivery");
        Assert.Equal("order", chat.CurrentQuestion);
        chat.Send("Price");

        Assert.Equal(new AnswerValue.Options(["delivery", "price"]), Assert.Single(chat.Recorded, r => r.QuestionId == "order").Value);
        Assert.Equal("why", chat.CurrentQuestion);
    }

    [Fact]
    public void A_typed_order_longer_than_the_top_n_keeps_the_first_n()
    {
        var chat = AtRanking(top: 2).Send("4 3 2 1");

        Assert.Equal(new AnswerValue.Options(["support", "quality"]), Assert.Single(chat.Recorded, r => r.QuestionId == "order").Value);
    }

    [Fact]
    public void Back_in_the_middle_of_a_ranking_takes_back_the_last_pick()
    {
        var chat = AtRanking().Send("Quality").Send("Support").Send("back");

        Assert.Equal("order", chat.CurrentQuestion);
        Assert.Equal(["quality"], chat.State.Ranked!);
        Assert.Equal(["Price", "Delivery", "Support"], Buttons(chat));
        Assert.StartsWith(Text("en", "rank.undo").Replace("{option}", "Support", StringComparison.Ordinal), chat.Last.Text, StringComparison.Ordinal);

        chat.Send("back");
        Assert.Null(chat.State.Ranked);
        Assert.Equal(4, Buttons(chat).Count);

        chat.Send("back");
        Assert.Equal("value", chat.CurrentQuestion);
    }

    [Fact]
    public void Back_from_the_next_question_reopens_the_ranking_from_the_top_and_records_a_revision()
    {
        var chat = AtRanking().Send("1, 2, 3").Send("back");
        Assert.Equal("order", chat.CurrentQuestion);
        Assert.Equal(4, Buttons(chat).Count);

        chat.Send("4, 3, 2");

        var revised = chat.Recorded.Where(r => r.QuestionId == "order").ToList();
        Assert.Equal([0, 1], revised.Select(r => r.Revision));
        Assert.Equal(new AnswerValue.Options(["support", "quality", "delivery", "price"]), revised[^1].Value);
    }

    [Fact]
    public void Skip_leaves_the_ranking_unanswered_after_asking_once_as_for_any_required_question()
    {
        var chat = AtRanking().Send("Quality").Send("skip");
        Assert.Equal(Text("en", "skip.required"), chat.Last.Text);

        chat.Send("skip");

        Assert.Equal(("skip", "order"), (chat.Recorded[^1].Event, chat.Recorded[^1].QuestionId));
        Assert.Equal("", chat.State.Answers["order"]);
        Assert.Null(chat.State.Ranked);
        Assert.Equal("why", chat.CurrentQuestion);
    }

    [Fact]
    public void Help_repeats_the_question_with_the_order_so_far()
    {
        var chat = AtRanking().Send("Price").Send("help");

        Assert.StartsWith(Text("en", "help"), chat.Last.Text, StringComparison.Ordinal);
        Assert.Contains("1. Price", chat.Last.Text, StringComparison.Ordinal);
        Assert.Equal(3, Buttons(chat).Count);
    }

    [Fact]
    public void An_unclear_pick_gets_the_ranking_hint_and_a_number_past_the_list_the_range_hint()
    {
        Assert.Equal(Text("en", "hint.ranking"), AtRanking().Send("the weather").Last.Text);
        Assert.Equal("Please pick an option from 1 to 3.", AtRanking().Send("Price").Send("4").Last.Text);
    }

    [Fact]
    public void A_ranking_in_progress_survives_the_state_round_trip()
    {
        var chat = AtRanking().Send("Support");
        var json = System.Text.Json.JsonSerializer.Serialize(chat.State, SurveyStateJson.Default.SurveyState);

        Assert.Contains("\"rk\":[\"support\"]", json, StringComparison.Ordinal);
        Assert.Equal(["support"], System.Text.Json.JsonSerializer.Deserialize(json, SurveyStateJson.Default.SurveyState)!.Ranked!);
    }
}

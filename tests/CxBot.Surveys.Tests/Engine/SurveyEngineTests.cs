using System.Text.Json;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Engine;
using static CxBot.Surveys.Tests.Engine.EngineScript;

namespace CxBot.Surveys.Tests.Engine;

public sealed class SurveyEngineTests
{
    [Fact]
    public void Start_greets_with_the_piped_context_and_asks_the_first_question_with_its_scale()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase(), context: new Dictionary<string, string> { ["order_id"] = "A-17" });
        Assert.StartsWith("Thanks for order A-17!", chat.Last.Text);
        Assert.Contains("How likely are you to recommend us?", chat.Last.Text);
        Assert.Equal(11, chat.Last.Prompt!.Choices.Count);
        Assert.True(chat.Last.Prompt.IsScale);
    }

    [Fact]
    public void A_missing_context_value_uses_the_texts_own_fallback()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase());
        Assert.StartsWith("Thanks for order!", chat.Last.Text);
    }

    [Fact]
    public void A_detractor_gets_the_detractor_wording_and_a_promoter_the_promoter_wording()
    {
        Assert.Contains("What went wrong?", new EngineScript(TestSurveys.PostPurchase()).Send("3").Last.Text);
        Assert.Contains("What did you like?", new EngineScript(TestSurveys.PostPurchase()).Send("10").Last.Text);
        Assert.Contains("What could we do better?", new EngineScript(TestSurveys.PostPurchase()).Send("7").Last.Text);
    }

    [Fact]
    public void An_answer_is_recorded_with_its_parsed_value_and_the_text_as_typed()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("I'd give it an 8");
        var answer = Assert.Single(chat.Recorded);
        Assert.Equal(("answer", "nps", "I'd give it an 8"), (answer.Event, answer.QuestionId, answer.Text));
        Assert.Equal(new AnswerValue.Number(8), answer.Value);
        Assert.Equal("reason", chat.CurrentQuestion);
    }

    [Fact]
    public void Earlier_answers_are_piped_into_later_questions()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("All fine");
        Assert.Contains("(you gave 9)", chat.Last.Text);
    }

    [Fact]
    public void A_question_whose_condition_fails_is_not_asked()
    {
        var happy = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("nice").Send("5");
        Assert.Equal("ces", happy.CurrentQuestion);
        var unhappy = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("nice").Send("1");
        Assert.Equal("channel", unhappy.CurrentQuestion);
    }

    [Fact]
    public void An_unclear_answer_is_asked_again_once_with_a_hint_then_the_survey_moves_on()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("hmm");
        Assert.Equal(Text("en", "hint.nps"), chat.Last.Text);
        Assert.Equal("nps", chat.CurrentQuestion);
        Assert.Empty(chat.Recorded);

        chat.Send("whatever");
        Assert.Equal("reason", chat.CurrentQuestion);
        Assert.Contains(Lines("en", "moving_on"), line => chat.Last.Text.StartsWith(line, StringComparison.Ordinal));
        Assert.Equal(("skip", "nps"), (chat.Recorded[0].Event, chat.Recorded[0].QuestionId));
    }

    [Fact]
    public void A_number_outside_the_scale_gets_the_range_hint()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("11");
        Assert.Contains("0", chat.Last.Text);
        Assert.Contains("10", chat.Last.Text);
        Assert.Equal("nps", chat.CurrentQuestion);
    }

    [Fact]
    public void Two_candidate_values_are_asked_again_never_guessed()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("8 or 9");
        Assert.Equal("nps", chat.CurrentQuestion);
        Assert.Empty(chat.Recorded);
    }

    [Fact]
    public void Skipping_an_optional_question_records_the_skip_and_goes_on()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("skip");
        Assert.Equal("csat", chat.CurrentQuestion);
        Assert.Equal("skip", chat.Recorded[^1].Event);
    }

    [Fact]
    public void Skipping_a_required_question_is_questioned_once_and_then_accepted()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("skip");
        Assert.Equal(Text("en", "skip.required"), chat.Last.Text);
        Assert.Equal("nps", chat.CurrentQuestion);
        chat.Send("skip");
        Assert.Equal("reason", chat.CurrentQuestion);
    }

    [Fact]
    public void Back_changes_the_previous_answer_under_a_new_revision()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("back");
        Assert.Equal("nps", chat.CurrentQuestion);
        Assert.StartsWith(Text("en", "back.ok"), chat.Last.Text);
        chat.Send("6");
        Assert.Equal([0, 1], chat.Recorded.Select(r => r.Revision));
        Assert.Contains("What went wrong?", chat.Last.Text);
    }

    [Fact]
    public void Back_on_the_first_question_says_there_is_nothing_to_change()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("back");
        Assert.StartsWith(Text("en", "back.none"), chat.Last.Text);
        Assert.Equal("nps", chat.CurrentQuestion);
    }

    [Fact]
    public void Stop_ends_the_survey_and_later_messages_get_a_polite_done()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("stop");
        Assert.Equal(ResponseStatus.Stopped, chat.State.Status);
        Assert.Equal("stop", chat.Recorded[^1].Event);
        Assert.Null(chat.Last.Prompt);
        chat.Send("10");
        Assert.Equal(Text("en", "already_done"), chat.Last.Text);
        Assert.Equal(2, chat.Recorded.Count);
    }

    [Fact]
    public void Help_explains_and_repeats_the_question_without_moving()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("help");
        Assert.StartsWith(Text("en", "help"), chat.Last.Text);
        Assert.Contains("How likely", chat.Last.Text);
        Assert.Equal(0, chat.State.Unclear);
    }

    [Fact]
    public void A_question_asked_mid_survey_gets_an_honest_answer_and_the_survey_goes_on()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("where is my order?");
        Assert.StartsWith(Text("en", "off_topic"), chat.Last.Text);
        Assert.Contains("How likely", chat.Last.Text);
        Assert.Equal(0, chat.State.Unclear);
    }

    [Fact]
    public void A_low_score_is_acknowledged_with_empathy_and_a_high_one_with_thanks()
    {
        var low = new EngineScript(TestSurveys.PostPurchase()).Send("2");
        Assert.Contains(Lines("en", "empathy.low"), line => low.Last.Text.StartsWith(line, StringComparison.Ordinal));
        var high = new EngineScript(TestSurveys.PostPurchase()).Send("10");
        Assert.Contains(Lines("en", "empathy.high"), line => high.Last.Text.StartsWith(line, StringComparison.Ordinal));
    }

    [Fact]
    public void Empathy_lines_do_not_repeat_within_a_conversation()
    {
        var lines = Lines("en", "empathy.low");
        for (var seed = 1; seed <= 40; seed++)
        {
            var chat = new EngineScript(TestSurveys.PostPurchase(), seed: seed).Send("2").Send("it broke").Send("1");
            var first = lines.Single(l => chat.Replies[1].Text.StartsWith(l, StringComparison.Ordinal));
            var second = lines.Single(l => chat.Replies[3].Text.StartsWith(l, StringComparison.Ordinal));
            Assert.NotEqual(first, second);
        }
    }

    [Fact]
    public void A_vague_open_answer_gets_one_follow_up_and_both_parts_are_recorded()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("5").Send("bad", vague: true);
        Assert.Contains(Lines("en", "probe"), line => chat.Last.Text == line);
        Assert.Equal("reason", chat.CurrentQuestion);
        chat.Send("the courier was rude", vague: true);
        Assert.Equal("csat", chat.CurrentQuestion);
        var reasons = chat.Recorded.Where(r => r.QuestionId == "reason").ToList();
        Assert.Equal(["bad", "bad\nthe courier was rude"], reasons.Select(r => r.Text));
        Assert.Equal([0, 1], reasons.Select(r => r.Revision));
    }

    [Fact]
    public void Writing_in_another_supported_language_switches_the_survey_language()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("dziewięć", detectedLanguage: "pl");
        Assert.Equal("pl", chat.State.Language);
        Assert.Contains("PL ", chat.Last.Text);
        Assert.Equal("pl", chat.Recorded[0].Language);
    }

    [Fact]
    public void A_language_the_survey_does_not_speak_is_not_switched_to()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("девять", detectedLanguage: "ru");
        Assert.Equal("en", chat.State.Language);
    }

    [Fact]
    public void The_last_answer_completes_the_response_with_the_closing_message()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase()).Send("9").Send("ok").Send("4").Send("6");
        Assert.Equal(ResponseStatus.Completed, chat.State.Status);
        Assert.EndsWith("Thank you!", chat.Last.Text);
        Assert.Equal("complete", chat.Recorded[^1].Event);
    }

    [Fact]
    public void An_anonymous_survey_says_so_at_the_start()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase(anonymous: true));
        Assert.Contains(Text("en", "anonymous"), chat.Last.Text);
    }

    [Fact]
    public void The_state_written_each_turn_stays_small()
    {
        var chat = new EngineScript(TestSurveys.PostPurchase(), context: new Dictionary<string, string> { ["order_id"] = "A-1234567" });
        var largest = 0;
        foreach (var message in new[] { "2", "bad", "it broke after a day", "1", "phone", "3" })
        {
            chat.Send(message, vague: message == "bad");
            largest = Math.Max(largest, JsonSerializer.SerializeToUtf8Bytes(chat.State, SurveyStateJson.Default.SurveyState).Length);
        }
        Assert.Equal(ResponseStatus.Completed, chat.State.Status);
        Assert.InRange(largest, 1, 400);
    }
}

using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Tests.Definitions;
using static CxBot.Surveys.Tests.Answers.Ask;

namespace CxBot.Surveys.Tests.Answers;

/// <summary>Reading picks for a ranking, against the pulse survey's own ten pillars.</summary>
public sealed class RankingAnswerTests
{
    private static readonly Question Pillars = SurveyLoader.LoadOrThrow(SurveyFiles.Dialogs).Latest("employee-pulse")!.Find("customer_priorities")!;

    private static ClosedQuestion Ranking(IEnumerable<ChoiceOption>? options = null) => new(QuestionKind.Ranking, 0, [.. options ?? Pillars.Options]);

    /// <summary>The reading as "Ok: a, b, c" so a failure shows which pillars were read.</summary>
    private static string Order(params string[] ids) => "Ok: " + string.Join(", ", ids);

    private static string Read(ClosedQuestion question, string language, string text) =>
        Ask.Read(question, language, text) is { Status: AnswerStatus.Ok, Value: AnswerValue.Options o } ? Order([.. o.Ids]) : Ask.Read(question, language, text).Status.ToString();

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("pl")]
    [InlineData("ro")]
    public void Tapping_any_pillar_button_picks_that_pillar(string language)
    {
        foreach (var option in Pillars.Options)
            Assert.Equal(option.Id + " " + Order(option.Id), option.Id + " " + Read(Ranking(), language, option.Label.For(language)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("pl")]
    [InlineData("ro")]
    public void Tapping_a_button_still_picks_its_pillar_once_others_are_ranked(string language)
    {
        // As pillars are ranked the buttons left change, and so do the words that tell them apart.
        var left = Pillars.Options.ToList();
        while (left.Count > 1)
        {
            var last = left[^1];
            Assert.Equal(Order(last.Id), Read(Ranking(left), language, last.Label.For(language)));
            left.RemoveAt(left.Count - 1);
        }
    }

    [Theory]
    [InlineData("en", "3, 1, 7")]
    [InlineData("en", "3 1 7")]
    [InlineData("en", "3 > 1 > 7")]
    [InlineData("en", "three, one, seven")]
    [InlineData("ru", "3, 1, 7")]
    [InlineData("ru", "три, один, семь")]
    [InlineData("pl", "trzy, jeden, siedem")]
    [InlineData("ro", "trei, unu, sapte")]
    public void A_typed_order_of_numbers_ranks_in_the_order_typed(string language, string text) =>
        Assert.Equal(Order("digital", "advertising", "products"), Read(Ranking(), language, text));

    [Theory]
    [InlineData("en", "customer service, then products, then advertising")]
    [InlineData("en", "custmer service, products and services, advertsing")]
    [InlineData("ru", "обслуживание клиентов, продукты, реклама")]
    [InlineData("ru", "obsluzhivanie, produkty, reklama")]
    [InlineData("pl", "obsluga klienta, produkty i uslugi, reklama")]
    [InlineData("ro", "relatia cu clientii, produse si servicii, publicitate")]
    public void A_typed_order_of_names_ranks_in_the_order_typed_in_four_languages_without_diacritics(string language, string text) =>
        Assert.Equal(Order("service", "products", "advertising"), Read(Ranking(), language, text));

    [Fact]
    public void Numbers_count_the_options_still_listed()
    {
        var left = Pillars.Options.Where(o => o.Id is not ("advertising" or "content")).ToList();

        Assert.Equal(Order("digital"), Read(Ranking(left), "en", "1"));
        Assert.Equal(Order("reputation", "non_digital"), Read(Ranking(left), "en", "8, 2"));
    }

    [Fact]
    public void A_number_given_twice_is_unclear() =>
        Assert.Equal(nameof(AnswerStatus.Unclear), Read(Ranking(), "en", "3, 1, 3"));

    [Fact]
    public void A_number_past_the_list_is_out_of_range() =>
        Assert.Equal(nameof(AnswerStatus.OutOfRange), Read(Ranking(), "en", "3, 11"));

    [Theory]
    [InlineData("en", "back", AnswerStatus.Back)]
    [InlineData("ru", "назад", AnswerStatus.Back)]
    [InlineData("pl", "pomiń", AnswerStatus.Skip)]
    [InlineData("ro", "ajutor", AnswerStatus.Help)]
    [InlineData("en", "stop", AnswerStatus.Stop)]
    public void Commands_work_on_a_ranking_as_on_any_question(string language, string text, AnswerStatus status) =>
        Assert.Equal(status.ToString(), Read(Ranking(), language, text));

    [Fact]
    public void Words_that_name_no_pillar_are_unclear() =>
        Assert.Equal(nameof(AnswerStatus.Unclear), Read(Ranking(), "en", "the weather is nice"));
}

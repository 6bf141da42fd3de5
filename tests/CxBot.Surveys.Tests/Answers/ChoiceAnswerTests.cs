using CxBot.Surveys.Answers;
using static CxBot.Surveys.Tests.Answers.Ask;

namespace CxBot.Surveys.Tests.Answers;

public sealed class ChoiceAnswerTests
{
    [Theory]
    [InlineData("en", "telephone", "phone")]
    [InlineData("en", "I rang the hotline", "phone")]
    [InlineData("en", "through the chat on your site", "chat")]
    [InlineData("en", "emailed you", "email")]
    [InlineData("en", "went to the shop", "store")]
    [InlineData("en", "Телефон", "phone")]
    [InlineData("ru", "позвонила", "phone")]
    [InlineData("ru", "чатом", "chat")]
    [InlineData("ru", "по электронной почте", "email")]
    [InlineData("ru", "ходил в магазин", "store")]
    [InlineData("ru", "chat", "chat")]
    [InlineData("ru", "telefon", "phone")]
    [InlineData("pl", "zadzwoniłem", "phone")]
    [InlineData("pl", "czatem na stronie", "chat")]
    [InlineData("pl", "napisałam maila", "email")]
    [InlineData("pl", "w sklepie stacjonarnym", "store")]
    [InlineData("pl", "sklep", "store")]
    [InlineData("ro", "telefonic", "phone")]
    [InlineData("ro", "prin chat", "chat")]
    [InlineData("ro", "pe email", "email")]
    [InlineData("ro", "la magazinul din centru", "store")]
    public void An_option_is_named_by_its_label_in_any_language_form_or_synonym(string language, string text, string expected) =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option(expected)), Read(Channel, language, text));

    [Theory]
    [InlineData("en", "3", "email")]
    [InlineData("en", "#2", "chat")]
    [InlineData("en", "option 4", "store")]
    [InlineData("en", "the first one", "phone")]
    [InlineData("en", "the last one", "store")]
    [InlineData("ru", "третий вариант", "email")]
    [InlineData("ru", "последнее", "store")]
    [InlineData("pl", "pierwszy", "phone")]
    [InlineData("pl", "opcja 3", "email")]
    [InlineData("ro", "a treia", "email")]
    [InlineData("ro", "primul", "phone")]
    [InlineData("ro", "ultimul", "store")]
    public void An_option_is_named_by_its_number_or_position(string language, string text, string expected) =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option(expected)), Read(Channel, language, text));

    [Fact]
    public void A_number_beyond_the_list_is_out_of_range()
    {
        Assert.Equal(AnswerStatus.OutOfRange, Read(Channel, "en", "6").Status);
        Assert.Equal(AnswerStatus.OutOfRange, Read(Channel, "pl", "opcja 9").Status);
        Assert.Equal(AnswerStatus.OutOfRange, Read(Improve, "ro", "2, 6").Status);
    }

    [Theory]
    [InlineData("en", "chat or email, can't remember")]
    [InlineData("ru", "звонил и писал на почту")]
    [InlineData("en", "dunno")]
    [InlineData("pl", "nie pamiętam")]
    public void Two_options_or_none_is_unclear_on_a_single_choice(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Channel, language, text).Status);

    [Fact]
    public void Survey_synonyms_name_their_option()
    {
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option("competitor")), Read(Reason, "en", "went to a rival"));
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option("competitor")), Read(Reason, "pl", "konkurencja"));
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option("competitor")), Read(Reason, "en", "got a better offer elsewhere"));
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option("too_expensive")), Read(Reason, "ro", "prea scump"));
    }

    [Theory]
    [InlineData("en", "prices and the website", new[] { "price", "website" })]
    [InlineData("en", "1 & 4", new[] { "delivery", "support" })]
    [InlineData("en", "2 3 5", new[] { "price", "quality", "website" })]
    [InlineData("en", "couriers are slow, support never answers", new[] { "delivery", "support" })]
    [InlineData("ru", "доставкой и сайтом", new[] { "delivery", "website" })]
    [InlineData("ru", "второй и пятый", new[] { "price", "website" })]
    [InlineData("pl", "ceny; jakość", new[] { "price", "quality" })]
    [InlineData("pl", "strona i obsługa", new[] { "support", "website" })]
    [InlineData("ro", "pretul si calitatea", new[] { "price", "quality" })]
    [InlineData("ro", "a doua si a treia", new[] { "price", "quality" })]
    public void Multi_choice_takes_every_named_option_in_option_order(string language, string text, string[] expected) =>
        Assert.Equal(AnswerReading.Ok(Options(expected)), Read(Improve, language, text));

    [Theory]
    [InlineData("en", "all of the above")]
    [InlineData("ru", "всё перечисленное")]
    [InlineData("pl", "wszystkie")]
    [InlineData("ro", "toate variantele")]
    public void All_names_every_option(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Options("delivery", "price", "quality", "support", "website")), Read(Improve, language, text));

    [Theory]
    [InlineData("en", "none of them, I'm happy")]
    [InlineData("ru", "ничего")]
    [InlineData("pl", "nic, wszystko ok")]
    [InlineData("ro", "niciuna")]
    public void None_is_an_empty_answer(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Options()), Read(Improve, language, text));

    [Theory]
    [InlineData("en", "everything but delivery")]
    [InlineData("ru", "всё, кроме доставки")]
    [InlineData("pl", "wszystko poza dostawą")]
    [InlineData("ro", "toate, cu excepția livrării")]
    public void Everything_except_names_every_other_option(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Options("price", "quality", "support", "website")), Read(Improve, language, text));

    [Theory]
    [InlineData("en", "I just want my money back", "return")]
    [InlineData("en", "the card was charged twice", "payment")]
    [InlineData("ru", "хочу вернуть деньги", "return")]
    [InlineData("pl", "gdzie jest moja paczka", "order_status")]
    [InlineData("ro", "vreau banii înapoi", "return")]
    [InlineData("ro", "altă problemă", "other")]
    public void Paraphrases_name_the_option_they_mean(string language, string text, string expected) =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Option(expected)), Read(Topic, language, text));
}

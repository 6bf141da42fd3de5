using CxBot.Surveys.Answers;

namespace CxBot.Surveys.Tests.Answers;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Łatwość ŻÓŁW", "latwosc zolw")]
    [InlineData("Mulțumită, ŞI ţară", "multumita, si tara")]
    [InlineData("ÎNCÂNTAT ăsta", "incantat asta")]
    [InlineData("Всё ЁЛКА", "все елка")]
    [InlineData("Soooo gooood", "soo good")]
    public void Folding_lowers_case_and_removes_diacritics_and_stretched_letters(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Fold(text));

    [Fact]
    public void Russian_keeps_its_short_i_while_latin_marks_go() =>
        Assert.Equal("мой чай и cafe", TextNormalizer.Fold("Мой чай и Café"));

    [Fact]
    public void Keycaps_become_digits_and_skin_tones_vanish()
    {
        Assert.Equal("9", TextNormalizer.Fold("9️⃣").Trim());
        Assert.Equal("10", TextNormalizer.Fold("🔟").Trim());
        Assert.Equal(TextNormalizer.Fold("👍"), TextNormalizer.Fold("👍🏾"));
    }

    [Theory]
    [InlineData("девять", "devyat")]
    [InlineData("девять", "deviat")]
    [InlineData("хорошо", "khorosho")]
    [InlineData("сайт", "sajt")]
    [InlineData("щедро", "shchedro")]
    public void Russian_and_its_transliterations_share_a_skeleton(string cyrillic, string latin) =>
        Assert.Equal(TextNormalizer.Skeleton(cyrillic), TextNormalizer.Skeleton(latin));

    [Theory]
    [InlineData("eight", "eigth", true)]
    [InlineData("satisfied", "satisfed", true)]
    [InlineData("satisfied", "sattisfied", true)]
    [InlineData("seven", "eleven", false)]
    [InlineData("good", "goods", true)]
    [InlineData("nine", "none", true)]
    [InlineData("thirty", "thirteen", false)]
    public void One_edit_covers_a_swap_an_extra_a_missing_or_a_wrong_letter(string a, string b, bool expected) =>
        Assert.Equal(expected, Lexicon.WithinOneEdit(a, b));
}

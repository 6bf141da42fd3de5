using CxBot.Analysis.Language;

namespace CxBot.Analysis.Tests.Language;

public sealed class LanguageDetectorTests
{
    private readonly LanguageDetector _detector = new();

    [Theory]
    [InlineData("Курьер опоздал на два часа", "ru")]
    [InlineData("spasibo, vse prishlo vovremya, ochen dovolna", "ru")]
    [InlineData("dostavka opyat zaderzhalas, nikto ne otvechaet", "ru")]
    [InlineData("Zamówienie przyszło uszkodzone, jestem zła", "pl")]
    [InlineData("zamowienie przyszlo uszkodzone i nikt nie odpisuje", "pl")]
    [InlineData("Comanda a ajuns după două săptămâni", "ro")]
    [InlineData("comanda a ajuns foarte tarziu si nimeni nu raspunde", "ro")]
    [InlineData("The parcel came late and nobody answered my emails", "en")]
    public void Detects_the_language_with_or_without_diacritics_and_in_latin_russian(string text, string expected) =>
        Assert.Equal(expected, _detector.Detect(text));

    [Theory]
    [InlineData("9")]
    [InlineData("👍")]
    [InlineData("")]
    [InlineData("...")]
    public void Says_nothing_when_the_text_does_not_tell(string text) => Assert.Null(_detector.Detect(text));
}

using CxBot.Analysis.Pii;

namespace CxBot.Analysis.Tests.Pii;

/// <summary>The context words of Data/Pii/context-words.json, with and without diacritics.</summary>
public sealed class PhoneRulesTests
{
    [Theory]
    [InlineData("my order no. ")]
    [InlineData("номер договора ")]
    [InlineData("nomer zakaza ")]
    [InlineData("reklamacja numer ")]
    [InlineData("przesylka nr ")]
    [InlineData("przesyłka nr ")]
    [InlineData("reclamația mea ")]
    [InlineData("reclamatia ")]
    [InlineData("tranzacția cu numărul ")]
    [InlineData("see ticket #")]
    public void A_word_naming_an_order_ticket_or_contract_before_the_digits_is_an_identifier_context(string before) =>
        Assert.True(PhoneRules.IsIdentifierContext(before));

    [Theory]
    [InlineData("call me on ")]
    [InlineData("мой телефон ")]
    [InlineData("zadzwońcie na ")]
    [InlineData("sunați-mă la ")]
    [InlineData("the order arrived, call ")]
    public void A_request_to_be_called_is_not_an_identifier_context(string before) =>
        Assert.False(PhoneRules.IsIdentifierContext(before));

    [Theory]
    [InlineData(" zł za nic")]
    [InlineData(" zlotych")]
    [InlineData(" lei")]
    [InlineData(" рублей")]
    [InlineData(" €")]
    [InlineData("$")]
    public void A_currency_after_the_digits_makes_them_an_amount(string after) =>
        Assert.True(PhoneRules.IsAmount(after));

    [Theory]
    [InlineData(" please call")]
    [InlineData(" leis")]
    [InlineData(" zlote kolczyki")]
    public void Words_that_only_start_like_a_currency_do_not_make_an_amount(string after) =>
        Assert.False(PhoneRules.IsAmount(after));
}

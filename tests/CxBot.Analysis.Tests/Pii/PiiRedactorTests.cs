using CxBot.Analysis.Pii;

namespace CxBot.Analysis.Tests.Pii;

public sealed class PiiRedactorTests
{
    private readonly PiiRedactor _redactor = new();

    [Theory]
    [InlineData("Pay back to 4539 1488 0343 6467 please", "Pay back to [card] please")]
    [InlineData("card 4012-8888-8888-1881 was charged", "card [card] was charged")]
    [InlineData("списали с карты 2200700012345673", "списали с карты [card]")]
    [InlineData("amex 3714 496353 98431", "amex [card]")]
    public void Luhn_valid_card_numbers_are_masked(string text, string masked)
    {
        var result = _redactor.Redact(text);

        Assert.Equal(masked, result.MaskedText);
        Assert.Equal([PiiKind.PaymentCard], result.Kinds);
    }

    [Theory]
    [InlineData("card 4539 1488 0343 6468 please")]
    [InlineData("numer 1234-5678-9012-3456")]
    [InlineData("card ending 4417 was charged twice")]
    [InlineData("karta **** **** **** 1234")]
    public void Luhn_invalid_or_masked_card_numbers_are_left_alone(string text)
    {
        var result = _redactor.Redact(text);

        Assert.Equal(text, result.MaskedText);
        Assert.Empty(result.Kinds);
    }

    [Theory]
    [InlineData("refund to DE89 3704 0044 0532 0130 00 thanks", "refund to [iban] thanks")]
    [InlineData("konto PL61109010140000071219812874, dziękuję", "konto [iban], dziękuję")]
    [InlineData("contul RO49 AAAA 1B31 0075 9384 0000 cardul e expirat", "contul [iban] cardul e expirat")]
    [InlineData("sort it via GB82 WEST 1234 5698 7654 32.", "sort it via [iban].")]
    [InlineData("счёт fr14 2004 1010 0505 0001 3m02 606", "счёт [iban]")]
    [InlineData("nr konta 61 1090 1014 0000 0712 1981 2874", "nr konta [iban]")]
    [InlineData("ref XY12 and PL61 1090 1014 0000 0712 1981 2874", "ref XY12 and [iban]")]
    public void Mod97_valid_ibans_are_masked_with_or_without_spaces(string text, string masked)
    {
        var result = _redactor.Redact(text);

        Assert.Equal(masked, result.MaskedText);
        Assert.Equal([PiiKind.Iban], result.Kinds);
    }

    [Theory]
    [InlineData("refund to DE89 3704 0044 0532 0130 01")]
    [InlineData("konto PL61 1090 1014 0000 0712 1981 2875")]
    [InlineData("RO49 AAAA 1B31 0075 9384 0001")]
    [InlineData("GB82 WEST 1234 5698 7654")]
    public void Iban_shaped_strings_failing_mod97_or_length_are_left_alone(string text)
    {
        var result = _redactor.Redact(text);

        Assert.Equal(text, result.MaskedText);
        Assert.Empty(result.Kinds);
    }

    [Theory]
    [InlineData("call me at (415) 555-2671 after six")]
    [InlineData("my number is 415.555.2671")]
    [InlineData("ring 1-800-555-0199 tomorrow")]
    [InlineData("mobile 07911 123456")]
    [InlineData("office 020 7946 0958")]
    [InlineData("+44 (0) 20 7946 0958")]
    [InlineData("перезвоните 8 (912) 345-67-89")]
    [InlineData("мой номер 89123456789")]
    [InlineData("тел +7(903)214-55-87")]
    [InlineData("proszę dzwonić 600-123-456")]
    [InlineData("telefon:512345678")]
    [InlineData("stacjonarny 22 123 45 67")]
    [InlineData("0048 600 123 456")]
    [InlineData("(+48) 600 123 456")]
    [InlineData("sunati-ma la 0745.987.321")]
    [InlineData("fix 021 312 3456")]
    [InlineData("+40 (0)745 987 321")]
    [InlineData("+1 415 555 2671")]
    [InlineData("+7 495 123 45 67")]
    [InlineData("8(916)1234567")]
    [InlineData("+48512345678")]
    [InlineData("0040 745 987 321")]
    [InlineData("sunati la 0 722 123 456")]
    [InlineData("+33 6 12 34 56 78")]
    public void Phones_in_national_and_international_formats_are_masked(string text)
    {
        var result = _redactor.Redact(text);

        Assert.Contains("[phone]", result.MaskedText, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{3}", result.MaskedText);
        Assert.Equal([PiiKind.Phone], result.Kinds);
    }

    [Theory]
    [InlineData("write to anna.kowalska+shop@poczta.onet.pl.", "write to [email].")]
    [InlineData("пишите на ирина@почта.рф", "пишите на [email]")]
    [InlineData("contact: office@exemplu-firma.ro, multumesc", "contact: [email], multumesc")]
    public void Emails_are_masked(string text, string masked)
    {
        var result = _redactor.Redact(text);

        Assert.Equal(masked, result.MaskedText);
        Assert.Equal([PiiKind.Email], result.Kinds);
    }

    [Theory]
    [InlineData("order 123456789 never arrived")]
    [InlineData("my order number is 4455667788")]
    [InlineData("ticket #A-2024-55123 is still open")]
    [InlineData("zamówienie nr 4455667788 nie dotarło")]
    [InlineData("zamowienie o numerze 512345678")]
    [InlineData("номер заказа 4471092233")]
    [InlineData("zakaz 903214558 ne prishel")]
    [InlineData("comanda 778120399 nu a ajuns")]
    [InlineData("comanda mea nr. 778120399 nu a ajuns")]
    [InlineData("мой заказ 903214558 где")]
    [InlineData("comanda cu numărul 0745987321")]
    [InlineData("paid $1,299.99 for nothing")]
    [InlineData("zapłaciłem 1 299,00 zł")]
    [InlineData("a costat 150 000 000 lei")]
    [InlineData("visit on 12.05.2024 at 14:30")]
    [InlineData("since 2024-05-12 10:30 no answer")]
    [InlineData("open 9-17, weekends 10-14")]
    [InlineData("tracking 1Z999AA10123456784 shows nothing")]
    [InlineData("tracking number 00340434161234567890")]
    [InlineData("pi is 3.141592653")]
    [InlineData("the label says 15505012345675, still nothing")]
    [InlineData("NIP 123-456-32-18 na fakturze")]
    [InlineData("ИНН 7707083893 указан неверно")]
    [InlineData("numar de client 2233445566, factura gresita")]
    public void Near_misses_are_not_masked(string text)
    {
        var result = _redactor.Redact(text);

        Assert.Equal(text, result.MaskedText);
        Assert.Empty(result.Kinds);
    }

    [Fact]
    public void Several_kinds_are_reported_once_each_in_a_stable_order()
    {
        var result = _redactor.Redact(
            "iban DE89370400440532013000, card 4539148803436467, mail a@b.pl, phone 600 123 456, other mail c@d.ro");

        Assert.Equal([PiiKind.Email, PiiKind.Phone, PiiKind.PaymentCard, PiiKind.Iban], result.Kinds);
        Assert.Equal("iban [iban], card [card], mail [email], phone [phone], other mail [email]", result.MaskedText);
    }

    [Fact]
    public void A_phone_after_an_order_mention_with_a_comma_is_still_a_phone()
    {
        var result = _redactor.Redact("call me about my order, 512 345 678");

        Assert.Equal("call me about my order, [phone]", result.MaskedText);
    }

    [Fact]
    public void Two_phones_typed_side_by_side_are_both_masked()
    {
        var result = _redactor.Redact("numbers 512345678 600123456");

        Assert.Equal("numbers [phone] [phone]", result.MaskedText);
    }

    [Fact]
    public void Text_without_pii_comes_back_unchanged()
    {
        const string text = "Delivery was quick, 3 days, 10/10";

        var result = _redactor.Redact(text);

        Assert.Same(text, result.MaskedText);
        Assert.Empty(result.Kinds);
    }

    [Fact]
    public void One_redactor_serves_many_threads()
    {
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = _redactor.Redact($"call {i} at +48 600 123 456").MaskedText);

        Assert.All(results, (r, i) => Assert.Equal($"call {i} at [phone]", r));
    }
}

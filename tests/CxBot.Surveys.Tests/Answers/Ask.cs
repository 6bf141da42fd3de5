using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Answers;

/// <summary>Questions of each kind, and one shared reader, for the answer tests.</summary>
internal static class Ask
{
    public static AnswerReader Reader { get; } = new();

    public static ClosedQuestion Nps { get; } = new(QuestionKind.Nps, 0, []);
    public static ClosedQuestion Csat { get; } = new(QuestionKind.Csat, 0, []);
    public static ClosedQuestion Ces { get; } = new(QuestionKind.Ces, 0, []);
    public static ClosedQuestion Likert5 { get; } = new(QuestionKind.Likert, 5, []);
    public static ClosedQuestion Likert7 { get; } = new(QuestionKind.Likert, 7, []);
    public static ClosedQuestion YesNo { get; } = new(QuestionKind.YesNo, 0, []);
    public static ClosedQuestion OpenText { get; } = new(QuestionKind.OpenText, 0, []);

    /// <summary>How the customer contacted us: phone, chat, email, store.</summary>
    public static ClosedQuestion Channel { get; } = new(QuestionKind.Choice, 0,
    [
        Option("phone", "Phone", "Телефон", "Telefon", "Telefon"),
        Option("chat", "Online chat", "Онлайн-чат", "Czat online", "Chat online"),
        Option("email", "Email", "Электронная почта", "E-mail", "E-mail"),
        Option("store", "In a store", "В магазине", "W sklepie", "În magazin"),
    ]);

    /// <summary>What could be better: delivery, price, quality, support, website.</summary>
    public static ClosedQuestion Improve { get; } = new(QuestionKind.MultiChoice, 0,
    [
        Option("delivery", "Delivery", "Доставка", "Dostawa", "Livrarea"),
        Option("price", "Prices", "Цены", "Ceny", "Prețurile"),
        Option("quality", "Product quality", "Качество товаров", "Jakość produktów", "Calitatea produselor"),
        Option("support", "Customer support", "Служба поддержки", "Obsługa klienta", "Serviciul clienți"),
        Option("website", "Website", "Сайт", "Strona internetowa", "Site-ul"),
    ]);

    /// <summary>What the customer contacted us about.</summary>
    public static ClosedQuestion Topic { get; } = new(QuestionKind.Choice, 0,
    [
        Option("order_status", "Order status", "Статус заказа", "Status zamówienia", "Starea comenzii"),
        Option("return", "Return or refund", "Возврат товара", "Zwrot towaru", "Retur"),
        Option("payment", "Payment", "Оплата", "Płatność", "Plată"),
        Option("other", "Something else", "Другое", "Coś innego", "Altceva"),
    ]);

    /// <summary>Why the customer cancelled, with survey-given synonyms on one option.</summary>
    public static ClosedQuestion Reason { get; } = new(QuestionKind.Choice, 0,
    [
        Option("too_expensive", "Too expensive", "Слишком дорого", "Za drogo", "Prea scump"),
        Option("moving", "I am moving house", "Я переезжаю", "Przeprowadzam się", "Mă mut"),
        new ChoiceOption("competitor", LocalizedText.Of(("en", "Switched to another provider"), ("ru", "Ушёл к другому провайдеру"), ("pl", "Zmiana dostawcy"), ("ro", "Am trecut la alt furnizor")),
            new Dictionary<string, IReadOnlyList<string>> { ["en"] = ["rival", "better offer"], ["pl"] = ["konkurencja"] }),
    ]);

    public static AnswerReading Read(ClosedQuestion question, string language, string text) => Reader.Read(question, language, text);

    public static AnswerValue Number(int value) => new AnswerValue.Number(value);

    public static AnswerValue Options(params string[] ids) => new AnswerValue.Options(ids);

    private static ChoiceOption Option(string id, string en, string ru, string pl, string ro) =>
        new(id, LocalizedText.Of(("en", en), ("ru", ru), ("pl", pl), ("ro", ro)));
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>A section of the back office's question form that edits some of a type's own properties.</summary>
public enum EditorPart
{
    /// <summary>The choices (value, Danish and English text); for a matrix of columns, the choices its choice columns share.</summary>
    Choices,
    /// <summary>"Other" with a text, and "None".</summary>
    OtherAndNone,
    /// <summary>A matrix's rows.</summary>
    Rows,
    /// <summary>A matrix's columns (one choice per row).</summary>
    Columns,
    /// <summary>Columns that are small questions of a cellType (matrixdropdown, matrixdynamic).</summary>
    CellColumns,
    /// <summary>A multipletext's items.</summary>
    Items,
    /// <summary>A rating's ends and their descriptions.</summary>
    Scale,
    /// <summary>A text's input type, its smallest and largest value.</summary>
    Input,
    /// <summary>Length limits and a pattern for free text.</summary>
    Length,
    /// <summary>Information text (html) instead of a title.</summary>
    Html,
    /// <summary>A repeating group's rows at first, fewest and most, and its "Add" text.</summary>
    RowCounts,
    /// <summary>A paneldynamic row's title.</summary>
    RowTitle,
    /// <summary>Elements it holds, added and edited in the editor's overview.</summary>
    Contents,
}

/// <summary>Which summary a question gets.</summary>
public enum SummaryKind
{
    /// <summary>Counts and shares per category (single or multiple choice, yes/no).</summary>
    Choices,
    /// <summary>Counts per point of the scale and its mean, median and spread.</summary>
    Scale,
    /// <summary>Mean, median and spread of a number.</summary>
    Number,
    /// <summary>A distribution per matrix row.</summary>
    Matrix,
    /// <summary>The average rank of each item.</summary>
    Ranking,
    /// <summary>Free text, listed under the small-group rule for texts.</summary>
    Text,
    /// <summary>Nothing to summarise (information only).</summary>
    None,
}

/// <summary>
/// One column of responses.csv: its name, the question it belongs to, its label, how its cell is
/// read from a response's answers, whether it is free text (the taskforce's file shows it only
/// where the summaries would) or identifying (never in the taskforce's file), and the codebook's
/// values for it.
/// </summary>
public sealed record RawColumn(string Name, string Question, string Label, Func<JsonObject, string?> Value,
    bool FreeText = false, bool Identifying = false, IReadOnlyList<(string Value, string Label)>? Codes = null);

/// <summary>
/// Everything that is particular to one kind of question, in one place: the shape of its answer and
/// the checks on it, how a form field becomes an answer, the rows it adds to the summary tables,
/// its columns in responses.csv and the codebook, and which summary it gets. Everything else
/// (validation, forms, summaries, raw data) asks the question's type instead of switching on its name.
/// </summary>
public abstract class QuestionType
{
    /// <summary>The SurveyJS type name ("radiogroup").</summary>
    public abstract string Name { get; }

    /// <summary>Whether the element takes an answer at all.</summary>
    public virtual bool IsQuestion => true;

    /// <summary>Whether its value is computed by the server (an expression) rather than given by the respondent.</summary>
    public virtual bool IsComputed => false;

    /// <summary>
    /// How the page script (question-form.js) reads its answer from the form: "text" (a line or a
    /// number by inputType), "choice", "choices", "boolean", "number", "matrix", "cells", "items",
    /// "ranking", "rows" or "none". A type whose answer is read like an existing one's names it here.
    /// </summary>
    public virtual string ClientReader => "text";

    /// <summary>The sections of the back office's question form it has, beyond name, texts, required and show-if.</summary>
    public virtual IReadOnlyCollection<EditorPart> EditorParts => [];

    /// <summary>
    /// Why a condition's {question.part} cannot name a part of its answer (a matrix row, a matrixdropdown
    /// row.column, a multipletext item, a repeating group's row question after an index), as the key of
    /// the message; null when it can. Indexed says the question was named with a row index ({career[0].part}).
    /// </summary>
    public virtual string? PartReferenceError(ElementDefinition q, string part, bool indexed) => "DefReferenceNotMatrix";

    protected static bool Names(IEnumerable<ChoiceItem>? items, string key) => items?.Any(i => i.Key.Equals(key, StringComparison.OrdinalIgnoreCase)) == true;

    protected static bool Names(IEnumerable<ElementDefinition>? parts, string name) =>
        parts?.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>Whether it holds elements that the editor's overview lists and adds to (a panel, a repeating group).</summary>
    public virtual bool HoldsElements => false;

    /// <summary>Whether it lists choices (choices, and for some showOtherItem and showNoneItem).</summary>
    public virtual bool HasChoices => false;

    /// <summary>One answer of a few categories: a summary can break results down by it.</summary>
    public virtual bool IsSingleChoice => false;

    public abstract SummaryKind Summary(ElementDefinition q);

    /// <summary>
    /// Whether a response gives several values to it (multiple choice, a matrix), so that its
    /// respondents are counted by the one "answered" row each response writes for it.
    /// </summary>
    public virtual bool CountsRespondentsByMarker => false;

    public bool IsFreeText(ElementDefinition q) => Summary(q) == SummaryKind.Text;

    /// <summary>
    /// The questions its summary shows: itself by default. A question of parts (multipletext items,
    /// matrixdropdown cells, a repeating group's questions) shows each part as a question of its own,
    /// named by its path (matrix.row.column) and summarised as the part's type is; its rows in the
    /// summary tables (<see cref="Explode"/>) are written under those names.
    /// </summary>
    public virtual IEnumerable<ElementDefinition> SummaryParts(ElementDefinition q) => [q];

    protected static readonly string[] Common =
        ["type", "name", "title", "description", "isRequired", "visibleIf", "requiredIf", "enableIf", "readOnly", "requiredErrorText", "validators"];
    protected static readonly string[] ChoiceProperties =
        ["choices", "showOtherItem", "showNoneItem", "otherText", "noneText", "colCount", "choicesOrder", "choicesVisibleIf", "choicesFromQuestion", "choicesFromQuestionMode"];

    /// <summary>The SurveyJS properties it reads; any other is refused by the reader with its path.</summary>
    public virtual IReadOnlyCollection<string> Properties { get; } = Common;

    /// <summary>
    /// Reads one of the properties particular to it (rows, columns, items, a template, …), which its
    /// <see cref="Properties"/> list; those every question may have are read by DefinitionReader.
    /// True when it took the property.
    /// </summary>
    public virtual bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read) => false;

    /// <summary>Links what it read once every property is in (a column takes the matrix's cellType and choices).</summary>
    public virtual void AfterRead(ElementDefinition el)
    {
    }

    /// <summary>Writes the properties particular to it, as <see cref="ReadOwn"/> reads them, after those every question has.</summary>
    public virtual void WriteOwn(ElementDefinition el, JsonObject o)
    {
    }

    /// <summary>Reads a property that holds a condition: its text and its parsed tree.</summary>
    protected static (string? Text, Expressions.Expression? Tree) ReadCondition(System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        var text = read.String(value, path);
        return (text, read.Condition(text, path));
    }

    /// <summary>The checks on its own properties once read (ranges, items), each failure with the property's JSON path.</summary>
    public virtual void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
    }

    /// <summary>What a question of this type added in the editor starts with, besides its type, name and title.</summary>
    public virtual void FillNew(JsonObject element)
    {
    }

    /// <summary>Whether it can offer "Other" (with a text) and "None" among its choices.</summary>
    public bool OffersOtherAndNone => Properties.Contains("showOtherItem");

    protected static JsonObject Item(string value, string da, string en) =>
        new() { ["value"] = value, ["text"] = new JsonObject { ["da"] = da, ["en"] = en } };

    protected static JsonArray SampleChoices() => new(Item("option1", "Mulighed 1", "Option 1"), Item("option2", "Mulighed 2", "Option 2"));

    /// <summary>The component that renders its field on a page (Types/Fields), which works without JavaScript.</summary>
    public abstract Type Field { get; }

    /// <summary>The options its field offers, value and text, in the page's language.</summary>
    public virtual IEnumerable<(string Value, string Text)> FormOptions(ElementDefinition q, string lang)
    {
        foreach (var c in q.Choices ?? []) yield return (c.Key, c.Label(lang));
        if (q.ShowOtherItem == true) yield return (ElementDefinition.OtherValue, q.OtherText?.Get(lang) is { Length: > 0 } other ? other : CoreText.Localizer["FormOther"]);
        if (q.ShowNoneItem == true) yield return (ElementDefinition.NoneValue, q.NoneText?.Get(lang) is { Length: > 0 } none ? none : CoreText.Localizer["FormNone"]);
    }

    /// <summary>The class of the box its options sit in.</summary>
    public virtual string OptionsClass => "choice-list";

    /// <summary>Whether its first control carries the "-0" id (a group of radios or boxes) rather than "-input": where an error summary's link leads.</summary>
    public virtual bool IsControlGroup => false;

    /// <summary>About how long a leader takes over it, for the welcome page's estimate.</summary>
    public virtual int EstimatedSeconds(ElementDefinition q) => 20;

    /// <summary>The answer as the review page lists it, a line per part.</summary>
    public virtual IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        [Responses.Forms.FormAnswers.Text(value)];

    /// <summary>A choice's label as the review page shows it ("Other: what was written" for other).</summary>
    protected static string ReviewChoice(ElementDefinition q, JsonNode? node, IEnumerable<ChoiceItem>? items, JsonObject answers, string lang)
    {
        var key = AnswerValidator.KeyOf(node);
        if (key == ElementDefinition.OtherValue && q.ShowOtherItem == true)
            return (q.OtherText?.Get(lang) is { Length: > 0 } other ? other : CoreText.Format("FormOther")) + ": "
                + Responses.Forms.FormAnswers.Text(answers[Responses.Forms.FormAnswers.CommentField(q)]);
        if (key == ElementDefinition.NoneValue && q.ShowNoneItem == true) return q.NoneText?.Get(lang) is { Length: > 0 } none ? none : CoreText.Format("FormNone");
        return (items ?? []).FirstOrDefault(c => c.Key == key)?.Label(lang) ?? key ?? "";
    }

    /// <summary>Why a value cannot be an answer to the question (wrong shape or not one of its choices), or null.</summary>
    public abstract string? ShapeError(ElementDefinition q, JsonNode value);

    /// <summary>What is wrong when it has no answer at all, besides being required (a multipletext's required items).</summary>
    public virtual IEnumerable<string> EmptyErrors(ElementDefinition q) => [];

    /// <summary>What is wrong with an answer of the right shape by the question's own rules (ranges, counts, rows), once it is asked for.</summary>
    public virtual IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value) => [];

    /// <summary>The question's answer from a posted page, or null when the form holds none; a value that cannot be converted is kept as typed.</summary>
    public virtual JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var single = form[q.Name!].ToString();
        return string.IsNullOrEmpty(single) ? null : single;
    }

    /// <summary>
    /// The answer as the form's field values, for filling a page in again: a list as several values of
    /// the question's field, an object as a field per key (question.key), anything else as its text.
    /// </summary>
    public virtual void ToForm(ElementDefinition q, JsonNode value, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        switch (value)
        {
            case JsonArray list:
                form[q.Name!] = new Microsoft.Extensions.Primitives.StringValues(list.Select(Responses.Forms.FormAnswers.Text).ToArray());
                break;
            case JsonObject cells:
                foreach (var (key, cell) in cells) form[q.Name + "." + key] = Responses.Forms.FormAnswers.Text(cell);
                break;
            default:
                form[q.Name!] = Responses.Forms.FormAnswers.Text(value);
                break;
        }
    }

    /// <summary>The rows of the summary tables (response_values) for a validated answer.</summary>
    public virtual IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        yield return ScalarValue(q.Name!, "", answer);
    }

    /// <summary>The categories its summary counts (and a breakdown by it groups by), with their labels.</summary>
    public virtual IReadOnlyList<(string Key, string Label)> Categories(ElementDefinition q, string lang)
    {
        var list = (q.Choices ?? []).Select(c => (c.Key, c.Label(lang))).ToList();
        if (q.ShowOtherItem == true) list.Add((ElementDefinition.OtherValue, q.OtherText?.Get(lang) is { Length: > 0 } other ? other : CoreText.Format("SumOther")));
        if (q.ShowNoneItem == true) list.Add((ElementDefinition.NoneValue, q.NoneText?.Get(lang) is { Length: > 0 } none ? none : CoreText.Format("SumNone")));
        return list;
    }

    /// <summary>Its columns in responses.csv: those of its answer, then the text written under "Other" where it has one.</summary>
    public IEnumerable<RawColumn> RawColumns(ElementDefinition q, string lang)
    {
        foreach (var column in AnswerColumns(q, lang)) yield return column;
        if (q.ShowOtherItem == true)
        {
            var name = q.Name!;
            yield return new RawColumn($"{name}{ElementDefinition.CommentSuffix}", name, $"{q.Label(lang)}: other, text",
                a => RawText(a[name + ElementDefinition.CommentSuffix]), FreeText: true, Codes: []);
        }
    }

    /// <summary>The columns of the answer itself: one by default, coded as its categories.</summary>
    protected virtual IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        yield return new RawColumn(name, name, q.Label(lang), a => RawText(a[name]), IsFreeText(q), Codes: CodebookValues(q, lang));
    }

    /// <summary>The codebook's values of the answer's column.</summary>
    protected virtual IReadOnlyList<(string Value, string Label)> CodebookValues(ElementDefinition q, string lang) => [];

    /// <summary>A cell of responses.csv: a choice or text as itself, yes/no as 1/0, anything else as JSON.</summary>
    protected static string? RawText(JsonNode? n) => n is null ? null
        : AnswerValidator.KeyOf(n) ?? (n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? (v.GetValue<bool>() ? "1" : "0") : n.ToJsonString());

    protected static ResponseValue ScalarValue(string question, string item, JsonNode node)
    {
        var v = (JsonValue)node;
        return v.GetValueKind() switch
        {
            JsonValueKind.Number => new ResponseValue(question, item, v.ToJsonString(), v.ToDouble()),
            JsonValueKind.True => new ResponseValue(question, item, "true", 1),
            JsonValueKind.False => new ResponseValue(question, item, "false", 0),
            _ => new ResponseValue(question, item, v.GetValue<string>(), null),
        };
    }

    /// <summary>The choice a posted key names (its value as the definition has it, number or text), or the key as typed.</summary>
    protected static JsonNode ChoiceValue(IEnumerable<ChoiceItem>? items, string key)
    {
        var item = (items ?? []).FirstOrDefault(c => c.Key == key);
        return item is not null ? item.Value.DeepClone() : JsonValue.Create(key)!;
    }

    protected static bool IsChoice(string? key, IEnumerable<ChoiceItem>? items) => key is not null && (items ?? []).Any(c => c.Key == key);

    protected static bool IsChoiceOrSpecial(ElementDefinition q, string? key) =>
        IsChoice(key, q.Choices)
        || (q.ShowOtherItem == true && key == ElementDefinition.OtherValue)
        || (q.ShowNoneItem == true && key == ElementDefinition.NoneValue);

    protected static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The message for a missing required answer: the definition's own requiredErrorText, or the platform's.</summary>
    public static string RequiredMessage(ElementDefinition q, string lang) =>
        q.RequiredErrorText is { IsBlank: false } own ? own.Get(lang) : CoreText.Format("AnsRequired");

    /// <summary>The names of the small questions a question holds (multipletext items, matrixdropdown columns): given, usable in a path, unique.</summary>
    protected static void CheckPartNames(IEnumerable<ElementDefinition> parts, Action<string, string, object[]> fail)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts)
        {
            if (string.IsNullOrWhiteSpace(part.Name)) fail(part.Path + ".name", "DefNameMissing", []);
            else if (part.Name.IndexOfAny(['.', '{', '}', '[', ']']) >= 0) fail(part.Path + ".name", "DefNameInvalid", [part.Name]);
            else if (!seen.Add(part.Name)) fail(part.Path + ".name", "DefItemDuplicate", [part.Name]);
        }
    }
}

/// <summary>The registry of question types: the one list of what the platform supports.</summary>
public static class QuestionTypes
{
    public static readonly IReadOnlyList<QuestionType> All =
    [
        new RadioGroupType(), new CheckboxType(), new DropdownType(), new BooleanType(), new TextType(),
        new CommentType(), new RatingType(), new MatrixType(), new HtmlType(), new RankingType(), new TagboxType(), new MultipleTextType(),
        new MatrixDropdownType(), new MatrixDynamicType(), new ExpressionType(), new PanelType(), new PanelDynamicType(),
    ];

    private static readonly Dictionary<string, QuestionType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static QuestionType? Find(string? name) => name is not null && ByName.TryGetValue(name, out var t) ? t : null;

    /// <summary>The type of an element of a definition that has been read (so its type is one of these).</summary>
    public static QuestionType Of(ElementDefinition element) =>
        Find(element.Type) ?? throw new InvalidOperationException($"Element {element.Name} has the unknown type {element.Type}.");
}

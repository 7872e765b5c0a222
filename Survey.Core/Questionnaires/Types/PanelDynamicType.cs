using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Questionnaires.Expressions;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// SurveyJS's paneldynamic, a repeating group: the questions of its templateElements asked once per
/// row, as many rows as the leader adds (a career history: a row per post with sector, years and
/// level). The answer is a list of row objects, each question's answer under its name, as survey-core
/// stores it. Inside a row {panel.name} is the row's own answer and {panelIndex} its index from 0;
/// from outside, {career[0].sector} names a row by index. Each row is checked as its questions would
/// be checked alone, with errors keyed by the full path (career[2].sector). The form posts a field per
/// question of each row (career[2].sector) and the row count (career.rows); "Add another" and
/// "Remove" are real submit buttons, so the group works without JavaScript.
/// </summary>
public class PanelDynamicType : QuestionType
{
    // What a matrixdynamic (MatrixDynamicType) does differently, as survey-core does it.

    /// <summary>How a row's own answers are named in its questions' conditions ({panel.sector}), and its index ({panelIndex}, from 0).</summary>
    public virtual string RowPrefix => "panel";
    public virtual string IndexName => "panelIndex";
    public virtual int IndexBase => 0;

    /// <summary>How many rows it shows before any answer when the definition does not say.</summary>
    public virtual int DefaultRowCount => 0;

    /// <summary>Whether it shows at least its minimum of rows whatever its answer holds (a matrix does; a panel group shows its answer's rows).</summary>
    protected virtual bool PadsAnswerToMinimum => false;

    /// <summary>Whether submitting drops the answers of a row's hidden questions, and stores the rows a group showed untouched.</summary>
    public virtual bool ClearsHiddenOnSubmit => true;

    /// <summary>Whether a required group counts as unanswered: a panel group when all its rows are empty, a matrix when it has no rows.</summary>
    public virtual bool IsUnanswered(JsonNode? value) => Rows(value).All(r => AnswerValidator.IsBlank(r));

    /// <summary>The JSON name of one of its properties, by the paneldynamic name (a matrixdynamic says columns, rowCount, …).</summary>
    public virtual string Property(string name) => name;

    /// <summary>Whether its questions are elements the editor's overview lists and adds to (a matrix's columns are edited in its form).</summary>
    public override bool HoldsElements => true;

    public static PanelDynamicType Of(ElementDefinition q) => (PanelDynamicType)QuestionTypes.Of(q);

    /// <summary>The answers as one row of the group sees them.</summary>
    public static RowLookup Lookup(ElementDefinition q, IAnswerLookup answers, JsonObject row, int index)
    {
        var type = Of(q);
        return new RowLookup(answers, row, type.RowPrefix, type.IndexName, index + type.IndexBase, q, index);
    }

    /// <summary>The rows the group shows and checks: its answer's (a matrix's padded to its minimum), or before any answer its first rows.</summary>
    public static IReadOnlyList<JsonObject> Shown(ElementDefinition q, JsonNode? value)
    {
        if (value is not JsonArray) return Enumerable.Range(0, q.InitialPanelCount).Select(_ => new JsonObject()).ToList();
        var rows = Rows(value).ToList();
        if (Of(q).PadsAnswerToMinimum) while (rows.Count < q.EffectiveMinPanelCount) rows.Add(new JsonObject());
        return rows;
    }

    /// <summary>The types a row may ask: questions of one answer each (no containers, matrices or computed values).</summary>
    public static readonly string[] TemplateTypes =
    [
        ElementTypes.RadioGroup, ElementTypes.Checkbox, ElementTypes.Dropdown, ElementTypes.Tagbox, ElementTypes.Boolean,
        ElementTypes.Text, ElementTypes.Comment, ElementTypes.Rating, ElementTypes.Html,
    ];

    /// <summary>Without a maxPanelCount of its own, responses.csv has numbered columns for this many rows (every row is in the group's own file).</summary>
    public const int WideRowsWithoutMaximum = 10;

    public override string Name => ElementTypes.PanelDynamic;
    public override Type Field => typeof(Fields.PanelDynamicField);
    public override string ClientReader => "rows";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.RowCounts, EditorPart.RowTitle, EditorPart.Contents];

    /// <summary>The group itself is summarised as its number of rows; its questions over all rows (<see cref="SummaryParts"/>).</summary>
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Number;

    public override IReadOnlyCollection<string> Properties { get; } =
    [
        "type", "name", "title", "description", "isRequired", "visibleIf", "requiredErrorText", "templateElements", "templateTitle",
        "panelCount", "minPanelCount", "maxPanelCount", "panelAddText", "panelRemoveText",
    ];

    /// <summary>{career[0].sector} names a row's question, by the row's index.</summary>
    public override string? PartReferenceError(ElementDefinition q, string part, bool indexed) =>
        indexed && Names(q.TemplateElements, part) ? null : "DefReferenceUnknownField";

    public override bool ReadOwn(ElementDefinition el, string name, JsonElement value, string path, IElementReader read)
    {
        switch (name)
        {
            case "templateElements":
                el.TemplateElements = read.Elements(value, path);
                foreach (var child in el.TemplateElements) child.Parent = el;
                return true;
            case "panelCount": el.PanelCount = read.Int(value, path); return true;
            case "minPanelCount": el.MinPanelCount = read.Int(value, path); return true;
            case "maxPanelCount": el.MaxPanelCount = read.Int(value, path); return true;
            case "templateTitle": el.TemplateTitle = read.Text(value, path); return true;
            case "panelAddText": el.PanelAddText = read.Text(value, path); return true;
            case "panelRemoveText": el.PanelRemoveText = read.Text(value, path); return true;
            default: return false;
        }
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        ElementWriting.Put(o, "templateTitle", el.TemplateTitle);
        ElementWriting.Put(o, "templateElements", el.TemplateElements);
        ElementWriting.Put(o, "panelCount", el.PanelCount);
        ElementWriting.Put(o, "minPanelCount", el.MinPanelCount);
        ElementWriting.Put(o, "maxPanelCount", el.MaxPanelCount);
        ElementWriting.Put(o, "panelAddText", el.PanelAddText);
        ElementWriting.Put(o, "panelRemoveText", el.PanelRemoveText);
    }

    public override int EstimatedSeconds(ElementDefinition q) =>
        Math.Max(1, q.InitialPanelCount) * (q.TemplateElements ?? []).Where(t => t.IsQuestion).Sum(t => QuestionTypes.Of(t).EstimatedSeconds(t));

    public override void FillNew(JsonObject element)
    {
        element["templateElements"] = new JsonArray(
            new JsonObject { ["type"] = "text", ["name"] = "field1", ["title"] = new JsonObject { ["da"] = "Felt 1", ["en"] = "Field 1" } });
        element["panelCount"] = 1;
    }

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.PanelCount is < 0) fail(el.Path + "." + Property("panelCount"), "DefNumberNotNegative", []);
        if (el.MinPanelCount is < 0) fail(el.Path + "." + Property("minPanelCount"), "DefNumberNotNegative", []);
        if (el.MaxPanelCount is < 1 or > ElementDefinition.DefaultMaxPanelCount)
            fail(el.Path + "." + Property("maxPanelCount"), "DefPanelMaxRange", [Property("maxPanelCount"), ElementDefinition.DefaultMaxPanelCount]);
        if (el.MinPanelCount > el.MaxPanelCount) fail(el.Path + "." + Property("minPanelCount"), "DefMinAboveMax", [el.MinPanelCount!, el.MaxPanelCount!]);
        if (el.TemplateElements is not { Count: > 0 } || el.TemplateElements.All(t => t.Type == ElementTypes.Html))
        {
            fail(el.Path + "." + Property("templateElements"), "DefTemplateEmpty", [Property("templateElements")]);
            return;
        }
        CheckPartNames(el.TemplateElements, fail);
        foreach (var t in el.TemplateElements)
        {
            if (!TemplateTypes.Contains(t.Type))
            {
                fail(t.Path + ".type", "DefTemplateTypeUnsupported", [t.Type, string.Join(", ", TemplateTypes)]);
                continue;
            }
            // Choices that depend on answers are worked out for the survey's own questions only.
            if (t.HasChoiceConditions) fail(t.Path, "DefTemplateChoiceConditions", []);
            DefinitionValidator.CheckElement(t, fail);
        }
    }

    /// <summary>The questions of a row that take an answer.</summary>
    public static IEnumerable<ElementDefinition> Fields(ElementDefinition q) => (q.TemplateElements ?? []).Where(t => t.IsQuestion);

    /// <summary>The key of a row's question in answers' errors and in the form: career[2].sector.</summary>
    public static string FieldPath(ElementDefinition q, int row, ElementDefinition field) =>
        q.Name + "[" + row.ToString(CultureInfo.InvariantCulture) + "]." + field.Name;

    /// <summary>The form field that holds how many rows the form shows.</summary>
    public static string CountField(ElementDefinition q) => q.Name + ".rows";

    /// <summary>The row's question as one question of the form, named by its path.</summary>
    public static ElementDefinition FieldOfRow(ElementDefinition q, int row, ElementDefinition field) => field.WithName(FieldPath(q, row, field));

    /// <summary>The rows of an answer (each an object; anything else counts as an empty row).</summary>
    public static IReadOnlyList<JsonObject> Rows(JsonNode? value) =>
        value is JsonArray list ? list.Select(r => r as JsonObject ?? new JsonObject()).ToList() : [];

    /// <summary>
    /// A row's title: the definition's templateTitle with {panelIndex} its number from 1 (and, given the
    /// row's answers, {panel.name} piped), or the group's title and the number.
    /// </summary>
    public static string RowTitle(ElementDefinition q, int row, string lang, SurveyDefinition? definition = null, IAnswerLookup? answers = null)
    {
        var number = (row + 1).ToString(CultureInfo.InvariantCulture);
        if (q.TemplateTitle?.Get(lang) is not { Length: > 0 } own) return CoreText.Format("FormPanelRowTitle", q.Label(lang), number);
        var title = own.Replace("{" + Of(q).IndexName + "}", number, StringComparison.OrdinalIgnoreCase);
        return definition is not null && answers is not null ? Piping.Apply(title, definition, answers, lang) : title;
    }

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang)
    {
        var lines = new List<string>();
        var rows = Rows(value);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var parts = Fields(q).Where(f => row[f.Name!] is { } cell && !AnswerValidator.IsBlank(cell))
                .Select(f => f.Label(lang) + ": " + string.Join(", ", QuestionTypes.Of(f).ReviewLines(f, row[f.Name!]!, row, lang)));
            lines.Add(RowTitle(q, i, lang) + " – " + string.Join("; ", parts.DefaultIfEmpty("–")));
        }
        return lines;
    }

    /// <summary>The whole answer's shape; each cell's own is checked by <see cref="CellShapeErrors"/>, keyed by its path.</summary>
    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonArray list || list.Any(r => r is not (null or JsonObject))) return CoreText.Format("AnsExpectedRows");
        if (list.Count > q.EffectiveMaxPanelCount) return CoreText.Format("AnsTooManyRows", q.EffectiveMaxPanelCount);
        foreach (var row in list.OfType<JsonObject>())
        {
            foreach (var (key, _) in row)
            {
                var owner = key.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal) ? key[..^ElementDefinition.CommentSuffix.Length] : key;
                if (Fields(q).All(f => f.Name != owner)) return CoreText.Format("AnsUnknownRow", key);
            }
        }
        return null;
    }

    /// <summary>What is wrong with the shape of each cell, keyed by the cell's path (the whole shape being right).</summary>
    public static IEnumerable<(string Key, string Message)> CellShapeErrors(ElementDefinition q, JsonNode value)
    {
        var rows = Rows(value);
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var field in Fields(q))
            {
                var cell = rows[i][field.Name!];
                if (cell is not null && !AnswerValidator.IsBlank(cell) && QuestionTypes.Of(field).ShapeError(field, cell) is { } error)
                    yield return (FieldPath(q, i, field), error);
                if (rows[i][field.Name + ElementDefinition.CommentSuffix] is { } other && AnswerValidator.TextShape(other) is not null)
                    yield return (FieldPath(q, i, field), CoreText.Format("AnsOtherTextNotString"));
            }
        }
    }

    /// <summary>Whether a row's question is shown: its visibleIf with {panel.…} the row.</summary>
    public static bool IsVisibleInRow(ElementDefinition field, IAnswerLookup row) => field.VisibleIfExpression?.IsTrue(row) ?? true;

    /// <summary>Shown read-only in the row: readOnly, or its enableIf fails there.</summary>
    public static bool IsReadOnlyInRow(ElementDefinition field, IAnswerLookup row) =>
        field.ReadOnly == true || (field.EnableIfExpression is { } enable && !enable.IsTrue(row));

    /// <summary>Required in the row: isRequired, or its requiredIf holds there.</summary>
    public static bool IsRequiredInRow(ElementDefinition field, IAnswerLookup row) =>
        field.Required || (field.RequiredIfExpression?.IsTrue(row) ?? false);

    /// <summary>The row count, and each row's questions under their paths (career[2].sector), with their "other" texts.</summary>
    public override void ToForm(ElementDefinition q, JsonNode value, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        if (value is not JsonArray rows) return;
        form[CountField(q)] = rows.Count.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < rows.Count; i++)
            foreach (var field in Fields(q))
            {
                var cell = FieldOfRow(q, i, field);
                Responses.Forms.FormAnswers.AddToForm(form, cell, rows[i]?[field.Name!]);
                if (rows[i]?[field.Name + ElementDefinition.CommentSuffix] is JsonValue other) form[Responses.Forms.FormAnswers.CommentField(cell)] = other.ToString();
            }
    }

    /// <summary>The rows the form holds: as many as its count field says, each question bound as its own type binds it.</summary>
    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        if (!int.TryParse(form[CountField(q)].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return null;
        // No rows is an answer of its own: the leader removed them all (the first rows are not shown again).
        count = Math.Clamp(count, 0, q.EffectiveMaxPanelCount);
        var rows = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var row = new JsonObject();
            foreach (var field in Fields(q))
            {
                var cell = FieldOfRow(q, i, field);
                var value = QuestionTypes.Of(field).FromForm(cell, form);
                if (value is not null) row[field.Name!] = value;
                // The "other" text counts only with "other" chosen (its box is hidden otherwise).
                var other = form[Responses.Forms.FormAnswers.CommentField(cell)].ToString();
                if (field.ShowOtherItem == true && !string.IsNullOrWhiteSpace(other) && AnswerValidator.HasOther(value)) row[field.Name + ElementDefinition.CommentSuffix] = other;
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The answer with a row added at the end (up to the maximum) or the row at an index taken out (down to the minimum).</summary>
    public static JsonArray Change(ElementDefinition q, JsonNode? value, bool add, int index)
    {
        // The rows shown (before any answer, the first rows) are what is added to or taken from.
        var rows = Shown(q, value).Select(r => r.DeepClone()).ToList();
        if (add && rows.Count < q.EffectiveMaxPanelCount) rows.Add(new JsonObject());
        else if (!add && index >= 0 && index < rows.Count && rows.Count > q.EffectiveMinPanelCount) rows.RemoveAt(index);
        return new JsonArray(rows.ToArray<JsonNode?>());
    }

    /// <summary>A repeating group's button as a form posts it ("add:career", "remove:career:2"), for a group among the elements.</summary>
    public sealed record RowAction(ElementDefinition Group, bool Add, int Index)
    {
        /// <summary>The field the group's buttons post (the page's own buttons post next and previous in it).</summary>
        public const string Field = "__action";

        public static RowAction? Parse(IEnumerable<ElementDefinition> elements, string? action)
        {
            var parts = (action ?? "").Split(':');
            if (parts.Length < 2 || parts[0] is not ("add" or "remove")) return null;
            var group = elements.FirstOrDefault(e => e.TemplateElements is not null && e.Name == parts[1]);
            if (group is null) return null;
            if (parts[0] == "add") return new(group, true, -1);
            return parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? new(group, false, index) : null;
        }

        /// <summary>Changes the group's rows in the answers; returns the id to show: the new row, or the group's buttons after a removal.</summary>
        public string ApplyTo(SurveyDefinition definition, JsonObject answers)
        {
            var rows = Change(Group, answers[Group.Name!], Add, Index);
            answers[Group.Name!] = rows;
            var id = "q" + Responses.Forms.QuestionViews.IndexOf(definition, Group).ToString(CultureInfo.InvariantCulture);
            var count = rows.Count;
            return Add && count > 0 ? $"{id}-p{(count - 1).ToString(CultureInfo.InvariantCulture)}" : $"{id}-actions";
        }
    }

    /// <summary>The group's own row: how many rows it has. Its questions' rows are written by <see cref="SummaryParts"/>' names.</summary>
    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        var rows = Rows(answer);
        yield return new ResponseValue(q.Name!, "", rows.Count.ToString(CultureInfo.InvariantCulture), rows.Count);
        foreach (var field in Fields(q))
        {
            var part = Part(q, field);
            if (rows.Any(r => r[field.Name!] is { } cell && !AnswerValidator.IsBlank(cell))) yield return ResponseValues.Respondent(part.Name!);
            foreach (var row in rows)
            {
                if (row[field.Name!] is not { } cell || AnswerValidator.IsBlank(cell)) continue;
                foreach (var v in QuestionTypes.Of(field).Explode(part, cell)) yield return v;
                if (row[field.Name + ElementDefinition.CommentSuffix] is JsonValue other && other.GetValueKind() == JsonValueKind.String)
                    yield return new ResponseValue(part.Name!, ElementDefinition.OtherValue, other.GetValue<string>(), null) { Written = true };
            }
        }
    }

    /// <summary>A row's question as the summaries see it: named career.sector, titled with the group, counted over all rows.</summary>
    private static ElementDefinition Part(ElementDefinition q, ElementDefinition field) =>
        field.AsPart(q.Name + "." + field.Name, lang => q.Label(lang) + ": " + field.Label(lang));

    public override IEnumerable<ElementDefinition> SummaryParts(ElementDefinition q) =>
        Fields(q).Select(f => Part(q, f)).Prepend(q.AsPart(q.Name!, lang => CoreText.Format("SumRowCount", q.Label(lang))));

    /// <summary>How many rows responses.csv has numbered columns for.</summary>
    public static int WideRows(ElementDefinition q) => q.MaxPanelCount is not null ? q.EffectiveMaxPanelCount : WideRowsWithoutMaximum;

    /// <summary>The row count, then numbered columns per row (career.1.sector), each as its question's type lays it out.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        yield return new RawColumn(name + ".rows", name, CoreText.Format("SumRowCount", q.Label(lang)),
            a => a[name] is JsonArray list ? list.Count.ToString(CultureInfo.InvariantCulture) : null, Codes: []);
        for (var i = 0; i < WideRows(q); i++)
        {
            var index = i;
            foreach (var c in RowColumns(q, lang))
                yield return c with
                {
                    Name = $"{name}.{index + 1}.{c.Name}",
                    Label = $"{RowTitle(q, index, lang)}: {c.Label}",
                    Value = a => a[name] is JsonArray list && index < list.Count && list[index] is JsonObject row ? c.Value(row) : null,
                };
        }
    }

    /// <summary>The columns of one row (the group's own file has a line per row with these): each question's as its type lays them out.</summary>
    public static IEnumerable<RawColumn> RowColumns(ElementDefinition q, string lang) =>
        Fields(q).SelectMany(f => QuestionTypes.Of(f).RawColumns(f, lang)).Select(c => c with { Question = q.Name! });
}

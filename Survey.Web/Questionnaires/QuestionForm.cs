using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;

namespace Survey.Web.Questionnaires;

/// <summary>One row of choices, matrix rows or matrix columns in the editor.</summary>
public sealed class ItemRow
{
    public string? Value { get; set; }
    public string? Da { get; set; }
    public string? En { get; set; }

    /// <summary>A matrixdropdown column's cellType (the kind of question each of its cells is).</summary>
    public string? Kind { get; set; }
}

/// <summary>
/// The editor's form for one element, in both directions: from the definition model to fields a
/// person edits, and back to SurveyJS JSON. Texts are edited as Danish and English side by side.
/// </summary>
public sealed class QuestionForm
{
    public string Type { get; set; } = ElementTypes.Comment;
    public string? Name { get; set; }
    public string? TitleDa { get; set; }
    public string? TitleEn { get; set; }
    public string? HelpDa { get; set; }
    public string? HelpEn { get; set; }
    public bool Required { get; set; }

    /// <summary>A matrix's "every row must be answered" (isAllRowRequired): required alone accepts one row.</summary>
    public bool AllRowsRequired { get; set; }

    /// <summary>Whether the type takes isAllRowRequired (a single-choice matrix).</summary>
    public bool CanRequireAllRows => QuestionTypes.Find(Type)?.Properties.Contains("isAllRowRequired") == true;
    public string? VisibleIf { get; set; }
    public List<ItemRow> Choices { get; set; } = [];
    public List<ItemRow> Rows { get; set; } = [];
    public List<ItemRow> Columns { get; set; } = [];
    public bool ShowOther { get; set; }
    public bool ShowNone { get; set; }
    public int? RateMin { get; set; }
    public int? RateMax { get; set; }
    public string? MinDescDa { get; set; }
    public string? MinDescEn { get; set; }
    public string? MaxDescDa { get; set; }
    public string? MaxDescEn { get; set; }
    public string InputType { get; set; } = "text";
    public string? Min { get; set; }
    public string? Max { get; set; }
    public int? MaxLength { get; set; }
    public int? MinLength { get; set; }
    public string? Pattern { get; set; }
    public string? PatternMessageDa { get; set; }
    public string? PatternMessageEn { get; set; }
    public double? MinValue { get; set; }
    public double? MaxValue { get; set; }
    public string? HtmlDa { get; set; }
    public string? HtmlEn { get; set; }

    /// <summary>A multipletext's items (Value is the item's name).</summary>
    public List<ItemRow> Items { get; set; } = [];

    /// <summary>A repeating group's row counts and texts.</summary>
    public int? PanelCount { get; set; }
    public int? MinPanelCount { get; set; }
    public int? MaxPanelCount { get; set; }
    public string? AddTextDa { get; set; }
    public string? AddTextEn { get; set; }
    public string? RowTitleDa { get; set; }
    public string? RowTitleEn { get; set; }

    /// <summary>The sections of the form the type has (Questionnaires/Types): the form asks the type, never its name.</summary>
    public bool Has(EditorPart part) => QuestionTypes.Find(Type)?.EditorParts.Contains(part) == true;

    /// <summary>Whether it takes an answer (and so can be required): not a panel, not information.</summary>
    public bool IsQuestion => QuestionTypes.Find(Type)?.IsQuestion ?? true;

    public bool IsGroup => Has(EditorPart.RowCounts);
    public bool HasCellColumns => Has(EditorPart.CellColumns);
    public bool HasChoices => Has(EditorPart.Choices);
    public bool CanHaveOther => Has(EditorPart.OtherAndNone);

    /// <summary>A repeating group's JSON name for one of its properties (a matrixdynamic's rowCount for panelCount, …).</summary>
    private string GroupProperty(string name) => QuestionTypes.Find(Type) is PanelDynamicType group ? group.Property(name) : name;

    public static QuestionForm From(ElementDefinition e)
    {
        static string? Da(LocalizedText? t) => t is null ? null : t.IsMap ? t.Map.GetValueOrDefault("da") ?? t.Map.GetValueOrDefault("default") : t.Get("da");
        static string? En(LocalizedText? t) => t is null ? null : t.IsMap ? t.Map.GetValueOrDefault("en") : null;
        static List<ItemRow> Items(List<ChoiceItem>? items) =>
            (items ?? []).Select(i => new ItemRow { Value = i.Key, Da = Da(i.Text), En = En(i.Text) }).ToList();
        var regex = e.Validators?.FirstOrDefault(v => v.Type == "regex");
        var text = e.Validators?.FirstOrDefault(v => v.Type == "text");
        var numeric = e.Validators?.FirstOrDefault(v => v.Type == "numeric");
        return new QuestionForm
        {
            Type = e.Type, Name = e.Name, TitleDa = Da(e.Title), TitleEn = En(e.Title), HelpDa = Da(e.Description), HelpEn = En(e.Description),
            Required = e.Required, AllRowsRequired = e.IsAllRowRequired == true, VisibleIf = e.VisibleIf,
            Choices = Items(e.Choices), Rows = Items(e.Rows),
            Columns = (QuestionTypes.Of(e).EditorParts.Contains(EditorPart.CellColumns) ? e.CellColumns ?? e.TemplateElements : null) is { } cells
                ? cells.Select(c => new ItemRow { Value = c.Name, Da = Da(c.Title), En = En(c.Title), Kind = c.Type }).ToList()
                : Items(e.Columns),
            Items = (e.Items ?? []).Select(i => new ItemRow { Value = i.Name, Da = Da(i.Title), En = En(i.Title) }).ToList(),
            PanelCount = e.PanelCount, MinPanelCount = e.MinPanelCount, MaxPanelCount = e.MaxPanelCount,
            AddTextDa = Da(e.PanelAddText), AddTextEn = En(e.PanelAddText), RowTitleDa = Da(e.TemplateTitle), RowTitleEn = En(e.TemplateTitle),
            ShowOther = e.ShowOtherItem == true, ShowNone = e.ShowNoneItem == true,
            RateMin = e.RateMin, RateMax = e.RateMax,
            MinDescDa = Da(e.MinRateDescription), MinDescEn = En(e.MinRateDescription),
            MaxDescDa = Da(e.MaxRateDescription), MaxDescEn = En(e.MaxRateDescription),
            // A text validator's maximum and the element's maxLength mean the same to a leader: the editor keeps the stricter one.
            InputType = e.EffectiveInputType, Min = Scalar(e.Min), Max = Scalar(e.Max),
            MaxLength = new[] { e.MaxLength, text?.MaxLength }.Where(m => m is not null).Min(),
            MinLength = text?.MinLength, Pattern = regex?.Regex, PatternMessageDa = Da(regex?.Text), PatternMessageEn = En(regex?.Text),
            MinValue = numeric?.MinValue, MaxValue = numeric?.MaxValue,
            HtmlDa = Da(e.Html), HtmlEn = En(e.Html),
        };
    }

    private static string? Scalar(JsonValue? v) => v is null ? null
        : v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();

    // What this form edits; everything else on an element (logic, display settings kept from an
    // import, conditions on single choices, other validators) is carried over untouched by MergeInto.
    private static readonly string[] Edited =
    [
        "type", "name", "title", "description", "isRequired", "isAllRowRequired", "visibleIf", "choices", "showOtherItem", "showNoneItem",
        "rateMin", "rateMax", "minRateDescription", "maxRateDescription", "inputType", "min", "max", "maxLength", "html",
        "items", "rows", "columns", "panelCount", "minPanelCount", "maxPanelCount", "panelAddText", "templateTitle",
    ];

    private static readonly string[] EditedValidators = ["text", "regex", "numeric"];

    /// <summary>
    /// The element as the form has it, laid over the element as it was: what the form does not edit is
    /// kept, so that saving a question never loses a property written in JSON or a SurveyJS tool. A
    /// changed type starts afresh, as the old type's properties may mean nothing to the new one.
    /// </summary>
    public JsonObject MergeInto(JsonObject existing)
    {
        var fresh = ToJson();
        if (existing["type"]?.GetValue<string>() != Type) return fresh;
        var result = existing.DeepClone().AsObject();
        // Only what this type's form shows is the form's to take away: a matrixdropdown's choices are not in its form.
        foreach (var key in Edited.Where(k => k switch
        {
            "choices" => HasChoices,
            "showOtherItem" or "showNoneItem" => CanHaveOther,
            "rateMin" or "rateMax" or "minRateDescription" or "maxRateDescription" => Has(EditorPart.Scale),
            "inputType" or "min" or "max" => Has(EditorPart.Input),
            "maxLength" => Has(EditorPart.Length),
            "html" => Has(EditorPart.Html),
            "items" => Has(EditorPart.Items),
            "rows" => Has(EditorPart.Rows),
            "columns" => Has(EditorPart.Columns) || HasCellColumns,
            "templateTitle" => Has(EditorPart.RowTitle),
            "panelCount" or "minPanelCount" or "maxPanelCount" or "panelAddText" => IsGroup,
            _ => true,
        })) result.Remove(key is "panelCount" or "minPanelCount" or "maxPanelCount" or "panelAddText" ? GroupProperty(key) : key);
        var otherValidators = (existing["validators"] as JsonArray ?? [])
            .Where(v => !EditedValidators.Contains(v?["type"]?.GetValue<string>())).Select(v => v!.DeepClone()).ToList();
        result.Remove("validators");
        foreach (var (key, value) in fresh)
        {
            if (key == "validators") continue;
            result[key] = value?.DeepClone();
            if (value is JsonArray items && existing[key] is JsonArray before) KeepItemProperties(items: result[key]!.AsArray(), before);
        }
        var validators = otherValidators.Concat((fresh["validators"] as JsonArray ?? []).Select(v => v!.DeepClone())).ToArray();
        if (validators.Length > 0) result["validators"] = new JsonArray(validators);
        return result;
    }

    /// <summary>
    /// A choice, row or column keeps what the form does not show of it (its visibleIf, enableIf) when
    /// its value stays; a multipletext item or a matrixdropdown column (its input type, required,
    /// own choices, validators) when its name stays.
    /// </summary>
    private static void KeepItemProperties(JsonArray items, JsonArray before)
    {
        static string? ValueOf(JsonNode? item) => (item is JsonObject o ? o["value"] ?? o["name"] : item)?.ToJsonString();
        foreach (var item in items.OfType<JsonObject>())
        {
            if (before.OfType<JsonObject>().FirstOrDefault(b => ValueOf(b) == ValueOf(item)) is not { } old) continue;
            foreach (var (key, value) in old)
                if (key is not ("value" or "text" or "name" or "title" or "cellType") && !item.ContainsKey(key)) item[key] = value?.DeepClone();
        }
    }

    /// <summary>The element as SurveyJS JSON, leaving out what is empty.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["type"] = Type, ["name"] = (Name ?? "").Trim() };
        void Text(string key, string? da, string? en)
        {
            if (TextMap(da, en) is { } map) o[key] = map;
        }
        // A choice, row or column: a value and a text; a multipletext item or a matrix's column: a name and a title (and a column's cellType).
        static JsonArray List(List<ItemRow> rows, string key, string textKey, bool withKind = false) =>
            new(rows.Where(r => !string.IsNullOrWhiteSpace(r.Value) || !string.IsNullOrWhiteSpace(r.Da)).Select(r =>
            {
                var item = new JsonObject { [key] = (r.Value ?? "").Trim() };
                if (TextMap(r.Da, r.En) is { } text) item[textKey] = text;
                if (withKind && MatrixDropdownType.CellTypes.Contains(r.Kind)) item["cellType"] = r.Kind;
                return (JsonNode)item;
            }).ToArray());
        static JsonArray Items(List<ItemRow> rows) => List(rows, "value", "text");
        static JsonArray Parts(List<ItemRow> rows, bool withKind) => List(rows, "name", "title", withKind);

        if (Has(EditorPart.Html))
        {
            Text("html", HtmlDa, HtmlEn);
            if (!string.IsNullOrWhiteSpace(VisibleIf)) o["visibleIf"] = VisibleIf.Trim();
            return o;
        }
        Text("title", TitleDa, TitleEn);
        Text("description", HelpDa, HelpEn);
        if (Required && IsQuestion) o["isRequired"] = true;
        if (AllRowsRequired && CanRequireAllRows) o["isAllRowRequired"] = true;
        if (!string.IsNullOrWhiteSpace(VisibleIf)) o["visibleIf"] = VisibleIf.Trim();
        // Each section the type has (EditorPart) writes its properties.
        if (HasChoices && (Choices.Count > 0 || !HasCellColumns)) o["choices"] = Items(Choices);
        if (CanHaveOther && ShowOther) o["showOtherItem"] = true;
        if (CanHaveOther && ShowNone) o["showNoneItem"] = true;
        if (Has(EditorPart.Rows)) o["rows"] = Items(Rows);
        if (Has(EditorPart.Columns)) o["columns"] = Items(Columns);
        if (HasCellColumns) o["columns"] = Parts(Columns, withKind: true);
        if (Has(EditorPart.Items)) o["items"] = Parts(this.Items, withKind: false);
        if (Has(EditorPart.Scale))
        {
            if (RateMin is not null) o["rateMin"] = RateMin;
            if (RateMax is not null) o["rateMax"] = RateMax;
            Text("minRateDescription", MinDescDa, MinDescEn);
            Text("maxRateDescription", MaxDescDa, MaxDescEn);
        }
        if (Has(EditorPart.Input))
        {
            if (InputType != "text") o["inputType"] = InputType;
            AddBound(o, "min", Min);
            AddBound(o, "max", Max);
        }
        if (Has(EditorPart.Length))
        {
            // A text's maxLength means something for typed text only; a comment's always.
            if (MaxLength is not null && (!Has(EditorPart.Input) || InputType is "text" or "email")) o["maxLength"] = MaxLength;
            AddValidators(o);
        }
        if (IsGroup)
        {
            if (PanelCount is not null) o[GroupProperty("panelCount")] = PanelCount;
            if (MinPanelCount is not null) o[GroupProperty("minPanelCount")] = MinPanelCount;
            if (MaxPanelCount is not null) o[GroupProperty("maxPanelCount")] = MaxPanelCount;
            Text(GroupProperty("panelAddText"), AddTextDa, AddTextEn);
        }
        if (Has(EditorPart.RowTitle)) Text("templateTitle", RowTitleDa, RowTitleEn);
        return o;
    }

    /// <summary>Danish and English side by side as a SurveyJS text, or null when both are empty.</summary>
    private static JsonObject? TextMap(string? da, string? en)
    {
        var map = new JsonObject();
        if (!string.IsNullOrWhiteSpace(da)) map["da"] = da.Trim();
        if (!string.IsNullOrWhiteSpace(en)) map["en"] = en.Trim();
        return map.Count > 0 ? map : null;
    }

    private void AddBound(JsonObject o, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || InputType is not ("number" or "date")) return;
        // A number stays a number; a date, or anything else, stays text for the validator to judge.
        o[key] = InputType == "number" && double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? JsonValue.Create(n) : JsonValue.Create(value.Trim());
    }

    private void AddValidators(JsonObject o)
    {
        var validators = new JsonArray();
        if (MinLength is not null) validators.Add(new JsonObject { ["type"] = "text", ["minLength"] = MinLength });
        if (!string.IsNullOrWhiteSpace(Pattern))
        {
            var v = new JsonObject { ["type"] = "regex", ["regex"] = Pattern };
            if (TextMap(PatternMessageDa, PatternMessageEn) is { } text) v["text"] = text;
            validators.Add(v);
        }
        if (Has(EditorPart.Input) && InputType == "number" && (MinValue is not null || MaxValue is not null))
        {
            var v = new JsonObject { ["type"] = "numeric" };
            if (MinValue is not null) v["minValue"] = MinValue;
            if (MaxValue is not null) v["maxValue"] = MaxValue;
            validators.Add(v);
        }
        if (validators.Count > 0) o["validators"] = validators;
    }

    /// <summary>Applies an editing action on the lists ("add:Choices", "remove:Rows:2", "up:Columns:1", "down:Choices:0").</summary>
    /// <summary>The form's list of that name (Choices, Rows, Columns, Items), or null.</summary>
    public List<ItemRow>? ListNamed(string? name) => name switch { "Choices" => Choices, "Rows" => Rows, "Columns" => Columns, "Items" => Items, _ => null };

    public bool Apply(string? action)
    {
        if (string.IsNullOrEmpty(action)) return false;
        var parts = action.Split(':');
        var list = parts.Length > 1 ? ListNamed(parts[1]) : null;
        if (list is null) return false;
        var i = parts.Length > 2 && int.TryParse(parts[2], out var n) ? n : -1;
        switch (parts[0])
        {
            case "add":
                list.Add(parts[1] switch
                {
                    "Items" => new ItemRow { Value = "item" + (list.Count + 1) },
                    "Columns" when HasCellColumns => new ItemRow { Value = "column" + (list.Count + 1), Kind = "dropdown" },
                    _ => new ItemRow { Value = (parts[1] == "Rows" ? "row" : parts[1] == "Columns" ? "" : "option") + (list.Count + 1) },
                });
                return true;
            case "remove" when i >= 0 && i < list.Count:
                list.RemoveAt(i);
                return true;
            case "up" when i > 0 && i < list.Count:
                (list[i - 1], list[i]) = (list[i], list[i - 1]);
                return true;
            case "down" when i >= 0 && i < list.Count - 1:
                (list[i + 1], list[i]) = (list[i], list[i + 1]);
                return true;
        }
        return false;
    }
}

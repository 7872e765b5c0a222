using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation.Results;
using Survey.Core.Questionnaires.Expressions;

namespace Survey.Core.Questionnaires;

/// <summary>
/// What the reader made of a definition. Warnings name what was kept without effect or read under a
/// newer name; Rewritten says the JSON as read differs from the JSON given (names given, legacy
/// names, a page made for top-level elements), so that the stored draft is the rewritten one.
/// </summary>
public sealed record DefinitionReadResult(SurveyDefinition? Definition, IReadOnlyList<ValidationFailure> Errors,
    IReadOnlyList<ValidationFailure>? Warnings = null, bool Rewritten = false);

/// <summary>
/// Reads SurveyJS JSON into the definition model. Everything outside the supported subset is
/// reported with its JSON path instead of being dropped, so a definition never loses a part
/// on its way in. Meaning (names, references, ranges) is checked afterwards by DefinitionValidator.
/// </summary>
public sealed partial class DefinitionReader : Types.IElementReader
{
    // What a question type reads its own properties with (QuestionType.ReadOwn).
    LocalizedText? Types.IElementReader.Text(JsonElement value, string path) => ReadText(value, path);
    string? Types.IElementReader.String(JsonElement value, string path) => ReadString(value, path);
    bool? Types.IElementReader.Bool(JsonElement value, string path) => ReadBool(value, path);
    int? Types.IElementReader.Int(JsonElement value, string path) => ReadInt(value, path);
    JsonValue? Types.IElementReader.Scalar(JsonElement value, string path) => ReadScalar(value, path);
    List<ChoiceItem> Types.IElementReader.Items(JsonElement value, string path) => ReadArray(value, path, ReadChoice);
    List<ElementDefinition> Types.IElementReader.Elements(JsonElement value, string path) => ReadArray(value, path, ReadElement);
    List<ElementDefinition> Types.IElementReader.Columns(JsonElement value, string path, bool withConditions) =>
        ReadArray<ElementDefinition>(value, path, withConditions ? ReadRowColumn : ReadCellColumn);
    List<ElementDefinition> Types.IElementReader.TextItems(JsonElement value, string path) => ReadArray(value, path, ReadTextItem);
    Expression? Types.IElementReader.Condition(string? text, string path) => ParseCondition(text, path);

    private static readonly Dictionary<string, HashSet<string>> AllowedByValidator = new()
    {
        ["numeric"] = ["type", "minValue", "maxValue", "text"],
        ["text"] = ["type", "minLength", "maxLength", "text"],
        ["regex"] = ["type", "regex", "text"],
        ["email"] = ["type", "text"],
        ["answercount"] = ["type", "minCount", "maxCount", "text"],
        ["expression"] = ["type", "expression", "text"],
    };

    private readonly List<ValidationFailure> _errors = [];
    private readonly List<ValidationFailure> _warnings = [];
    private readonly HashSet<string> _otherLocales = new(StringComparer.OrdinalIgnoreCase);

    // A SurveyJS locale name: "de", "pt-br", "zh-cn".
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,3}(-[a-zA-Z]{2,4})?$")]
    private static partial System.Text.RegularExpressions.Regex LocaleCode();
    private bool _rewritten;

    // SurveyJS's display settings, which SurveyJS tools write by default: they change how a page
    // looks in SurveyJS, never what an answer means, so they are kept (and exported back) with a
    // warning that they have no effect here, instead of refusing the definition.
    private static readonly HashSet<string> KeptOnSurvey =
    [
        "progressBarType", "progressBarShowPageTitles", "questionErrorLocation",
        "headerView", "logo", "logoPosition", "logoWidth", "logoHeight", "logoFit", "widthMode", "width", "fitToContainer",
        "questionsOnPageMode", "showTitle", "showPageTitles", "showPageNumbers", "checkErrorsMode", "textUpdateMode",
        "focusFirstQuestionAutomatic", "focusOnFirstError", "showPrevButton", "showCompletedPage",
        "startSurveyText", "showTOC", "tocLocation", "goNextPageAutomatic",
        "questionTitleLocation", "questionDescriptionLocation", "requiredText", "showNavigationButtons", "navigationButtonsLocation",
        "questionTitlePattern", "showBrandInfo", "autoGrowComment", "allowResizeComment", "showPreviewBeforeComplete",
        "previewText", "editText", "completedBeforeHtml", "loadingHtml", "clearInvisibleValues", "storeOthersAsComment",
        "maxTextLength", "maxOthersLength", "sendResultOnPageNext", "showQuestionNumbersOnPages", "themeVariables", "cookieName",
    ];

    private static readonly HashSet<string> KeptOnPage =
    [
        "navigationTitle", "navigationDescription", "questionTitleLocation", "navigationButtonsVisibility", "state",
        "showQuestionNumbers", "questionsOrder", "maxWidth", "minWidth", "width",
    ];

    private static readonly HashSet<string> KeptOnElement =
    [
        "startWithNewLine", "width", "minWidth", "maxWidth", "titleLocation", "descriptionLocation", "hideNumber", "indent",
        "placeholder", "autocomplete", "state", "renderAs", "separateSpecialChoices", "itemComponent",
        "otherPlaceholder", "commentPlaceholder", "autoGrow", "allowResize", "textUpdateMode", "size", "displayMode",
        "rateType", "rateDisplayMode", "scaleColorMode", "rateColorMode", "labelTrue", "labelFalse", "swapOrder",
        "alternateRows", "columnMinWidth", "rowTitleWidth", "showHeader", "verticalAlign", "errorLocation",
        "selectToRankEnabled", "selectToRankAreasLayout", "longTap", "allowClear", "searchEnabled",
        "renderMode", "templateDescription", "templateTabTitle", "tabAlign", "panelsState", "confirmDelete",
        "confirmDeleteText", "noEntriesText", "panelPrevText", "panelNextText", "showRangeInProgress", "templateTitleLocation",
        "panelRemoveButtonLocation", "newPanelPosition",
    ];

    /// <summary>Names SurveyJS once used, read as the current ones.</summary>
    private static readonly Dictionary<string, string> LegacyNames = new()
    {
        ["hasOther"] = "showOtherItem",
        ["hasNone"] = "showNoneItem",
    };

    public static DefinitionReadResult Read(string json)
    {
        var reader = new DefinitionReader();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? CoreText.Format("DefLineColumn", line + 1, (e.BytePositionInLine ?? 0) + 1) : "";
            return new(null, [new ValidationFailure("$", CoreText.Format("DefNotJson", where))]);
        }
        using (doc)
        {
            return reader.ReadRoot(doc.RootElement);
        }
    }

    public static DefinitionReadResult Read(JsonNode node) => Read(node.ToJsonString());

    private DefinitionReadResult ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "DefMustBeObject");
            return new(null, _errors);
        }
        var def = new SurveyDefinition();
        foreach (var p in root.EnumerateObject())
        {
            var path = "$." + p.Name;
            switch (p.Name)
            {
                case "title": def.Title = ReadText(p.Value, path); break;
                case "description": def.Description = ReadText(p.Value, path); break;
                case "locale": def.Locale = ReadString(p.Value, path); break;
                case "pages": def.Pages = ReadArray(p.Value, path, ReadPage); break;
                case "pageNextText": def.PageNextText = ReadText(p.Value, path); break;
                case "pagePrevText": def.PagePrevText = ReadText(p.Value, path); break;
                case "completeText": def.CompleteText = ReadText(p.Value, path); break;
                case "showProgressBar": def.ShowProgressBar = ReadString(p.Value, path); break;
                case "showQuestionNumbers": def.ShowQuestionNumbers = ReadQuestionNumbers(p.Value, path); break;
                case "completedHtml": def.CompletedHtml = ReadText(p.Value, path); break;
                case "completedHtmlOnCondition": def.CompletedHtmlOnCondition = ReadArray(p.Value, path, ReadCompletedHtml); break;
                case "calculatedValues": def.CalculatedValues = ReadArray(p.Value, path, ReadCalculatedValue); break;
                case "triggers": def.Triggers = ReadArray(p.Value, path, ReadTrigger); break;
                // SurveyJS's shorthand for a survey of one page: its questions directly under elements.
                case "elements" when !root.TryGetProperty("pages", out _):
                    def.Pages = [new PageDefinition { Path = "$", Elements = ReadArray(p.Value, path, ReadElement) }];
                    _rewritten = true;
                    break;
                default:
                    if (!Keep(def.Kept, p, path, KeptOnSurvey)) Unsupported(path, p.Name, "survey");
                    break;
            }
        }
        _rewritten |= NameAsSurveyJsDoes(def);
        // The partial definition goes on to the validator, so one import reports every problem at once.
        // The element lists were asked for while reading, before every element had its name: made again.
        def.Reindex();
        return new(def, _errors, _warnings, _rewritten);
    }

    private PageDefinition? ReadPage(JsonElement e, string path)
    {
        if (!ExpectObject(e, path)) return null;
        var page = new PageDefinition { Path = path };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            switch (p.Name)
            {
                case "name": page.Name = ReadString(p.Value, pp); break;
                case "title": page.Title = ReadText(p.Value, pp); break;
                case "description": page.Description = ReadText(p.Value, pp); break;
                case "visibleIf":
                    page.VisibleIf = ReadString(p.Value, pp);
                    page.VisibleIfExpression = ParseCondition(page.VisibleIf, pp);
                    break;
                case "elements": page.Elements = ReadArray(p.Value, pp, ReadElement); break;
                default:
                    if (!Keep(page.Kept, p, pp, KeptOnPage)) Unsupported(pp, p.Name, "page");
                    break;
            }
        }
        return page;
    }

    private ElementDefinition? ReadElement(JsonElement e, string path)
    {
        if (!ExpectObject(e, path)) return null;
        if (!e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            Error(path + ".type", "DefTypeMissing", string.Join(", ", ElementTypes.All));
            return null;
        }
        var type = typeElement.GetString()!;
        // Each type lists the properties it reads (Questionnaires/Types).
        var questionType = Types.QuestionTypes.Find(type);
        if (questionType?.Properties is not { } allowed)
        {
            if (OutOfScope.TryGetValue(type, out var why)) Error(path + ".type", why, type);
            else Error(path + ".type", "DefTypeUnsupported", type, string.Join(", ", ElementTypes.All));
            return null;
        }
        var el = new ElementDefinition { Path = path, Type = type };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            var name = p.Name;
            if (LegacyNames.TryGetValue(name, out var current) && allowed.Contains(current))
            {
                _warnings.Add(new ValidationFailure(pp, CoreText.Format("DefLegacyName", name, current)) { ErrorCode = "DefLegacyName" });
                name = current;
                _rewritten = true;
            }
            if (!allowed.Contains(name))
            {
                if (!Keep(el.Kept, p, pp, KeptOnElement)) Unsupported(pp, p.Name, type);
                continue;
            }
            // SurveyJS offers the source question's choices and ignores the question's own; they are kept for export.
            if (name == "choices" && e.TryGetProperty("choicesFromQuestion", out _))
            {
                Keep(el.Kept, p, pp, ["choices"]);
                continue;
            }
            var v = p.Value;
            switch (name)
            {
                case "type": break;
                case "name": el.Name = ReadString(v, pp); break;
                case "title": el.Title = ReadText(v, pp); break;
                case "description": el.Description = ReadText(v, pp); break;
                case "isRequired": el.IsRequired = ReadBool(v, pp); break;
                case "visibleIf":
                    el.VisibleIf = ReadString(v, pp);
                    el.VisibleIfExpression = ParseCondition(el.VisibleIf, pp);
                    break;
                case "requiredIf":
                    el.RequiredIf = ReadString(v, pp);
                    el.RequiredIfExpression = ParseCondition(el.RequiredIf, pp);
                    break;
                case "enableIf":
                    el.EnableIf = ReadString(v, pp);
                    el.EnableIfExpression = ParseCondition(el.EnableIf, pp);
                    break;
                case "readOnly": el.ReadOnly = ReadBool(v, pp); break;
                case "requiredErrorText": el.RequiredErrorText = ReadText(v, pp); break;
                case "validators": el.Validators = ReadArray(v, pp, ReadValidator); break;
                case "choices": el.Choices = ReadArray(v, pp, ReadChoice); break;
                case "showOtherItem": el.ShowOtherItem = ReadBool(v, pp); break;
                case "showNoneItem": el.ShowNoneItem = ReadBool(v, pp); break;
                case "otherText": el.OtherText = ReadText(v, pp); break;
                case "noneText": el.NoneText = ReadText(v, pp); break;
                case "colCount": el.ColCount = ReadInt(v, pp); break;
                case "choicesOrder": el.ChoicesOrder = ReadString(v, pp); break;
                case "choicesVisibleIf":
                    el.ChoicesVisibleIf = ReadString(v, pp);
                    el.ChoicesVisibleIfExpression = ParseCondition(el.ChoicesVisibleIf, pp);
                    break;
                case "choicesFromQuestion": el.ChoicesFromQuestion = ReadString(v, pp); break;
                case "choicesFromQuestionMode": el.ChoicesFromQuestionMode = ReadString(v, pp); break;
                case "minSelectedChoices": el.MinSelectedChoices = ReadInt(v, pp); break;
                case "maxSelectedChoices": el.MaxSelectedChoices = ReadInt(v, pp); break;
                case "maxLength": el.MaxLength = ReadInt(v, pp); break;
                case "placeholder": el.Placeholder = ReadText(v, pp); break;
                default:
                    // What is particular to a type (rows, columns, items, a repeating group's template, …) the type reads.
                    if (!questionType.ReadOwn(el, name, v, pp, this))
                        throw new InvalidOperationException($"The type {type} lists the property {name} but reads it nowhere.");
                    break;
            }
        }
        questionType.AfterRead(el);
        return el;
    }


    /// <summary>A matrixdropdown column: a question of its cellType that each row asks.</summary>
    private ElementDefinition? ReadCellColumn(JsonElement e, string path) => ReadColumn(e, path, withConditions: false);

    /// <summary>A matrixdynamic column, which may also have conditions on its row ({row.name}, {rowIndex}).</summary>
    private ElementDefinition? ReadRowColumn(JsonElement e, string path) => ReadColumn(e, path, withConditions: true);

    private ElementDefinition? ReadColumn(JsonElement e, string path, bool withConditions) =>
        ReadPart(e, path, "", withConditions ? "matrixdynamic column" : "matrixdropdown column", (column, p, pp) =>
        {
            switch (p.Name)
            {
                case "visibleIf" when withConditions:
                    column.VisibleIf = ReadString(p.Value, pp);
                    column.VisibleIfExpression = ParseCondition(column.VisibleIf, pp);
                    return true;
                case "requiredIf" when withConditions:
                    column.RequiredIf = ReadString(p.Value, pp);
                    column.RequiredIfExpression = ParseCondition(column.RequiredIf, pp);
                    return true;
                case "enableIf" when withConditions:
                    column.EnableIf = ReadString(p.Value, pp);
                    column.EnableIfExpression = ParseCondition(column.EnableIf, pp);
                    return true;
                case "cellType":
                    var cellType = ReadString(p.Value, pp);
                    if (cellType is not null && !Types.MatrixDropdownType.CellTypes.Contains(cellType)) Error(pp, "DefValueNotOneOf", cellType, string.Join(", ", Types.MatrixDropdownType.CellTypes));
                    else if (cellType is not null) column.Type = cellType;
                    return true;
                case "choices":
                    column.Choices = ReadArray(p.Value, pp, ReadChoice);
                    return true;
                default:
                    return Keep(column.Kept, p, pp, KeptOnElement);
            }
        });

    /// <summary>showQuestionNumbers as SurveyJS tools write it: on, onPage, off, or the old true and false.</summary>
    private string? ReadQuestionNumbers(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.True => "on",
        JsonValueKind.False => "off",
        _ => ReadString(e, path),
    };

    private static readonly Dictionary<string, string[]> TriggerProperties = new()
    {
        ["complete"] = ["type", "expression"],
        ["skip"] = ["type", "expression", "gotoName"],
        ["setvalue"] = ["type", "expression", "setToName", "setValue"],
        ["copyvalue"] = ["type", "expression", "setToName", "fromName"],
        ["runexpression"] = ["type", "expression", "setToName", "runExpression"],
    };

    private TriggerDefinition? ReadTrigger(JsonElement e, string path)
    {
        if (!ExpectObject(e, path)) return null;
        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null || !TriggerProperties.TryGetValue(type, out var allowed))
        {
            Error(path + ".type", "DefTriggerType", type ?? "", string.Join(", ", TriggerProperties.Keys));
            return null;
        }
        var trigger = new TriggerDefinition { Path = path, Type = type };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            if (!allowed.Contains(p.Name))
            {
                Unsupported(pp, p.Name, type + " trigger");
                continue;
            }
            switch (p.Name)
            {
                case "expression":
                    trigger.Expression = ReadString(p.Value, pp);
                    trigger.ExpressionTree = ParseCondition(trigger.Expression, pp);
                    break;
                case "setToName": trigger.SetToName = ReadString(p.Value, pp); break;
                case "fromName": trigger.FromName = ReadString(p.Value, pp); break;
                case "gotoName": trigger.GotoName = ReadString(p.Value, pp); break;
                case "setValue":
                    trigger.SetValue = JsonNode.Parse(p.Value.GetRawText());
                    trigger.HasSetValue = true;
                    break;
                case "runExpression":
                    trigger.RunExpression = ReadString(p.Value, pp);
                    trigger.RunExpressionTree = ParseCondition(trigger.RunExpression, pp);
                    break;
            }
        }
        return trigger;
    }

    private CalculatedValue? ReadCalculatedValue(JsonElement e, string path)
    {
        if (!ExpectObject(e, path)) return null;
        var c = new CalculatedValue { Path = path };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            switch (p.Name)
            {
                case "name": c.Name = ReadString(p.Value, pp); break;
                case "expression":
                    c.Expression = ReadString(p.Value, pp);
                    c.ExpressionTree = ParseCondition(c.Expression, pp);
                    break;
                case "includeIntoResult":
                    // Stored answers are the questions' answers; the value is computed again wherever it is needed.
                    c.IncludeIntoResult = ReadBool(p.Value, pp);
                    _warnings.Add(new ValidationFailure(pp, CoreText.Format("DefKept", p.Name)) { ErrorCode = "DefKept" });
                    break;
                default: Unsupported(pp, p.Name, "calculatedValues"); break;
            }
        }
        return c;
    }

    private CompletedHtmlCondition? ReadCompletedHtml(JsonElement e, string path)
    {
        if (!ExpectObject(e, path)) return null;
        var c = new CompletedHtmlCondition { Path = path };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            switch (p.Name)
            {
                case "expression":
                    c.Expression = ReadString(p.Value, pp);
                    c.ExpressionTree = ParseCondition(c.Expression, pp);
                    break;
                case "html": c.Html = ReadText(p.Value, pp); break;
                default: Unsupported(pp, p.Name, "completedHtmlOnCondition"); break;
            }
        }
        return c;
    }

    /// <summary>A multipletext item: a small text question without a type of its own.</summary>
    private ElementDefinition? ReadTextItem(JsonElement e, string path) =>
        ReadPart(e, path, ElementTypes.Text, "multipletext item", (_, _, _) => false);

    /// <summary>
    /// A part of a question that is a small question itself (a multipletext item, a matrixdropdown
    /// column): the properties such a part has; <paramref name="more"/> reads the owner's own ones and
    /// says whether it took the property, else it is refused by its path.
    /// </summary>
    private ElementDefinition? ReadPart(JsonElement e, string path, string type, string owner, Func<ElementDefinition, JsonProperty, string, bool> more)
    {
        if (!ExpectObject(e, path)) return null;
        var part = new ElementDefinition { Path = path, Type = type };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            var v = p.Value;
            switch (p.Name)
            {
                case "name": part.Name = ReadString(v, pp); break;
                case "title": part.Title = ReadText(v, pp); break;
                case "inputType": part.InputType = ReadString(v, pp); break;
                case "isRequired": part.IsRequired = ReadBool(v, pp); break;
                case "placeholder": part.Placeholder = ReadText(v, pp); break;
                case "maxLength": part.MaxLength = ReadInt(v, pp); break;
                case "requiredErrorText": part.RequiredErrorText = ReadText(v, pp); break;
                case "min": part.Min = ReadScalar(v, pp); break;
                case "max": part.Max = ReadScalar(v, pp); break;
                case "validators": part.Validators = ReadArray(v, pp, ReadValidator); break;
                default:
                    if (!more(part, p, pp)) Unsupported(pp, p.Name, owner);
                    break;
            }
        }
        return part;
    }

    private ChoiceItem? ReadChoice(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                return new ChoiceItem { Value = (JsonValue)JsonNode.Parse(e.GetRawText())!, IsShorthand = true };
            case JsonValueKind.Object:
                JsonValue? value = null;
                LocalizedText? text = null;
                string? visibleIf = null, enableIf = null;
                Expression? visibleIfTree = null, enableIfTree = null;
                foreach (var p in e.EnumerateObject())
                {
                    var pp = path + "." + p.Name;
                    switch (p.Name)
                    {
                        case "value":
                            if (p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                                value = (JsonValue)JsonNode.Parse(p.Value.GetRawText())!;
                            else Error(pp, "DefChoiceValueType");
                            break;
                        case "text": text = ReadText(p.Value, pp); break;
                        case "visibleIf":
                            visibleIf = ReadString(p.Value, pp);
                            visibleIfTree = ParseCondition(visibleIf, pp);
                            break;
                        case "enableIf":
                            enableIf = ReadString(p.Value, pp);
                            enableIfTree = ParseCondition(enableIf, pp);
                            break;
                        default: Unsupported(pp, p.Name, "choice"); break;
                    }
                }
                if (value is null)
                {
                    if (!e.TryGetProperty("value", out _)) Error(path + ".value", "DefChoiceValueMissing");
                    return null;
                }
                return new ChoiceItem
                {
                    Value = value, Text = text,
                    VisibleIf = visibleIf, VisibleIfExpression = visibleIfTree, EnableIf = enableIf, EnableIfExpression = enableIfTree,
                };
            default:
                Error(path, "DefChoiceShape");
                return null;
        }
    }

    private ValidatorDefinition? ReadValidator(JsonElement e, string path)
    {
        if (!ExpectObject(e, path)) return null;
        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null || !AllowedByValidator.TryGetValue(type, out var allowed))
        {
            Error(path + ".type", "DefValidatorType", type ?? "", string.Join(", ", AllowedByValidator.Keys));
            return null;
        }
        var v = new ValidatorDefinition { Path = path, Type = type };
        foreach (var p in e.EnumerateObject())
        {
            var pp = path + "." + p.Name;
            if (!allowed.Contains(p.Name))
            {
                Unsupported(pp, p.Name, type + " validator");
                continue;
            }
            switch (p.Name)
            {
                case "minValue": v.MinValue = ReadNumber(p.Value, pp); break;
                case "maxValue": v.MaxValue = ReadNumber(p.Value, pp); break;
                case "minLength": v.MinLength = ReadInt(p.Value, pp); break;
                case "maxLength": v.MaxLength = ReadInt(p.Value, pp); break;
                case "regex": v.Regex = ReadString(p.Value, pp); break;
                case "text": v.Text = ReadText(p.Value, pp); break;
                case "minCount": v.MinCount = ReadInt(p.Value, pp); break;
                case "maxCount": v.MaxCount = ReadInt(p.Value, pp); break;
                case "expression":
                    v.Expression = ReadString(p.Value, pp);
                    v.ExpressionTree = ParseCondition(v.Expression, pp);
                    break;
            }
        }
        return v;
    }

    private Expression? ParseCondition(string? text, string path)
    {
        if (text is null) return null;
        if (ExpressionParser.TryParse(text, out var expression, out var error)) return expression;
        _errors.Add(new ValidationFailure(path, error!.Message) { ErrorCode = "expression" });
        return null;
    }

    private List<TItem> ReadArray<TItem>(JsonElement e, string path, Func<JsonElement, string, TItem?> read) where TItem : class
    {
        var list = new List<TItem>();
        if (e.ValueKind != JsonValueKind.Array)
        {
            Error(path, "DefExpectedArray");
            return list;
        }
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (read(item, $"{path}[{i}]") is { } value) list.Add(value);
            i++;
        }
        return list;
    }

    private LocalizedText? ReadText(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.String) return LocalizedText.Plain(e.GetString()!);
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, "DefExpectedText");
            return null;
        }
        var map = new Dictionary<string, string>();
        foreach (var p in e.EnumerateObject())
        {
            if (!LocalizedText.Locales.Contains(p.Name) && !LocaleCode().IsMatch(p.Name))
                Error(path + "." + p.Name, "DefLocaleUnsupported", p.Name, string.Join(", ", LocalizedText.Locales));
            else if (p.Value.ValueKind != JsonValueKind.String)
                Error(path + "." + p.Name, "DefExpectedString");
            else
            {
                map[p.Name] = p.Value.GetString()!;
                // Another language is kept and exported back; pages show Danish or English. Said once per language.
                if (!LocalizedText.Locales.Contains(p.Name) && _otherLocales.Add(p.Name))
                    _warnings.Add(new ValidationFailure(path + "." + p.Name, CoreText.Format("DefLocaleKept", p.Name)) { ErrorCode = "DefLocaleKept" });
            }
        }
        if (map.Count == 0)
        {
            Error(path, "DefTextEmptyMap");
            return null;
        }
        return LocalizedText.Of(map);
    }

    private string? ReadString(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.String) return e.GetString();
        Error(path, "DefExpectedString");
        return null;
    }

    private bool? ReadBool(JsonElement e, string path)
    {
        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) return e.GetBoolean();
        Error(path, "DefExpectedBool");
        return null;
    }

    private int? ReadInt(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i)) return i;
        Error(path, "DefExpectedInteger");
        return null;
    }

    private double? ReadNumber(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
        Error(path, "DefExpectedNumber");
        return null;
    }

    private JsonValue? ReadScalar(JsonElement e, string path)
    {
        if (e.ValueKind is JsonValueKind.Number or JsonValueKind.String) return (JsonValue)JsonNode.Parse(e.GetRawText())!;
        Error(path, "DefExpectedNumberOrDate");
        return null;
    }

    private bool ExpectObject(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Object) return true;
        Error(path, "DefExpectedObject");
        return false;
    }

    /// <summary>Keeps a display setting of SurveyJS (with a warning by its path); false when the property is not one.</summary>
    private bool Keep(JsonObject kept, JsonProperty property, string path, HashSet<string> names)
    {
        if (!names.Contains(property.Name)) return false;
        kept[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        _warnings.Add(new ValidationFailure(path, CoreText.Format("DefKept", property.Name)) { ErrorCode = "DefKept" });
        return true;
    }

    /// <summary>
    /// Pages and questions without a name get the ones survey-core gives them (page1, page2;
    /// question1, question2 in order, html elements included), so that answers always have a key.
    /// Where survey-core would give a name that is already taken (and so two questions one key),
    /// the next free number is taken instead.
    /// </summary>
    private static bool NameAsSurveyJsDoes(SurveyDefinition def)
    {
        var unnamed = def.Pages.Any(p => p.Name is null) || def.AllElements.Any(e => e.Name is null);
        var pageNames = def.Pages.Select(p => p.Name).Where(n => !string.IsNullOrWhiteSpace(n)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = def.AllElements.Select(e => e.Name).Where(n => !string.IsNullOrWhiteSpace(n)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Panels are counted apart: survey-core names them panel1, panel2 beside question1, question2.
        foreach (var panel in def.AllElements.Where(e => e.Name is null && e.Type == ElementTypes.Panel)) panel.Name = Next(names, "panel");
        static string Next(HashSet<string?> taken, string stem)
        {
            var n = 1;
            while (taken.Contains(stem + n)) n++;
            taken.Add(stem + n);
            return stem + n;
        }
        foreach (var page in def.Pages.Where(p => p.Name is null)) page.Name = Next(pageNames, "page");
        // SurveyJS counts html elements among its questions too (survey-core: question1, question2, question3).
        foreach (var element in def.AllElements.Where(e => e.Name is null)) element.Name = Next(names, "question");
        return unnamed;
    }

    private void Unsupported(string path, string property, string owner)
    {
        if (OutOfScope.TryGetValue(property, out var why)) Error(path, why, property);
        else Error(path, "DefPropertyUnsupported", property, owner);
    }

    /// <summary>What is out of scope, with the reason a person is told.</summary>
    private static readonly Dictionary<string, string> OutOfScope = new()
    {
        ["file"] = "DefOutOfScopeFile",
        ["signaturepad"] = "DefOutOfScopeFile",
        ["imagepicker"] = "DefOutOfScopeImages",
        ["choicesByUrl"] = "DefOutOfScopeChoicesByUrl",
    };

    private void Error(string path, string key, params object[] args) =>
        _errors.Add(new ValidationFailure(path, CoreText.Format(key, args)) { ErrorCode = key });
}

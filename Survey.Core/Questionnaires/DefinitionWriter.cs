using System.Text.Json.Nodes;
using static Survey.Core.Questionnaires.Types.ElementWriting;

namespace Survey.Core.Questionnaires;

/// <summary>Writes the definition model back as SurveyJS JSON, property for property as it was read.</summary>
public static class DefinitionWriter
{
    public static JsonObject Write(SurveyDefinition def)
    {
        var o = new JsonObject();
        Put(o, "title", def.Title);
        Put(o, "description", def.Description);
        Put(o, "locale", def.Locale);
        Put(o, "pageNextText", def.PageNextText);
        Put(o, "pagePrevText", def.PagePrevText);
        Put(o, "completeText", def.CompleteText);
        Put(o, "showProgressBar", def.ShowProgressBar);
        Put(o, "showQuestionNumbers", def.ShowQuestionNumbers);
        Put(o, "completedHtml", def.CompletedHtml);
        PutEach(o, "triggers", def.Triggers, (t, item) =>
        {
            item["type"] = t.Type;
            Put(item, "expression", t.Expression);
            Put(item, "setToName", t.SetToName);
            Put(item, "fromName", t.FromName);
            Put(item, "gotoName", t.GotoName);
            if (t.HasSetValue) item["setValue"] = t.SetValue?.DeepClone();
            Put(item, "runExpression", t.RunExpression);
        });
        PutEach(o, "calculatedValues", def.CalculatedValues, (c, item) =>
        {
            Put(item, "name", c.Name);
            Put(item, "expression", c.Expression);
            Put(item, "includeIntoResult", c.IncludeIntoResult);
        });
        PutEach(o, "completedHtmlOnCondition", def.CompletedHtmlOnCondition, (c, item) =>
        {
            Put(item, "expression", c.Expression);
            Put(item, "html", c.Html);
        });
        o["pages"] = new JsonArray(def.Pages.Select(WritePage).ToArray<JsonNode?>());
        return Keep(o, def.Kept);
    }

    /// <summary>The display settings kept from the import, after the properties this platform reads.</summary>
    private static JsonObject Keep(JsonObject o, JsonObject kept)
    {
        foreach (var (name, value) in kept) o[name] = value?.DeepClone();
        return o;
    }

    private static JsonObject WritePage(PageDefinition page)
    {
        var o = new JsonObject();
        Put(o, "name", page.Name);
        Put(o, "title", page.Title);
        Put(o, "description", page.Description);
        Put(o, "visibleIf", page.VisibleIf);
        o["elements"] = new JsonArray(page.Elements.Select(WriteElement).ToArray<JsonNode?>());
        return Keep(o, page.Kept);
    }

    /// <summary>A list of objects, each written by <paramref name="write"/>; nothing when the list is not there.</summary>
    private static void PutEach<T>(JsonObject o, string name, List<T>? list, Action<T, JsonObject> write)
    {
        if (list is null) return;
        o[name] = new JsonArray(list.Select(x =>
        {
            var item = new JsonObject();
            write(x, item);
            return (JsonNode)item;
        }).ToArray<JsonNode?>());
    }

    /// <summary>The properties every question may have; then the type writes its own (Questionnaires/Types), then what was kept.</summary>
    internal static JsonObject WriteElement(ElementDefinition e)
    {
        var o = new JsonObject { ["type"] = e.Type };
        Put(o, "name", e.Name);
        Put(o, "title", e.Title);
        Put(o, "description", e.Description);
        Put(o, "isRequired", e.IsRequired);
        Put(o, "visibleIf", e.VisibleIf);
        Put(o, "requiredIf", e.RequiredIf);
        Put(o, "enableIf", e.EnableIf);
        Put(o, "readOnly", e.ReadOnly);
        Put(o, "requiredErrorText", e.RequiredErrorText);
        if (!e.ChoicesAreInherited) Put(o, "choices", e.Choices);
        Put(o, "choicesVisibleIf", e.ChoicesVisibleIf);
        Put(o, "choicesFromQuestion", e.ChoicesFromQuestion);
        Put(o, "choicesFromQuestionMode", e.ChoicesFromQuestionMode);
        Put(o, "minSelectedChoices", e.MinSelectedChoices);
        Put(o, "maxSelectedChoices", e.MaxSelectedChoices);
        Put(o, "showOtherItem", e.ShowOtherItem);
        Put(o, "showNoneItem", e.ShowNoneItem);
        Put(o, "otherText", e.OtherText);
        Put(o, "noneText", e.NoneText);
        Put(o, "colCount", e.ColCount);
        Put(o, "choicesOrder", e.ChoicesOrder);
        Put(o, "maxLength", e.MaxLength);
        Put(o, "placeholder", e.Placeholder);
        if (e.Validators is not null) o["validators"] = new JsonArray(e.Validators.Select(WriteValidator).ToArray<JsonNode?>());
        Types.QuestionTypes.Of(e).WriteOwn(e, o);
        return Keep(o, e.Kept);
    }

    /// <summary>A matrix's column: a small question of its cellType.</summary>
    internal static JsonObject WriteCellColumn(ElementDefinition c, ElementDefinition matrix)
    {
        var o = WriteTextItem(c);
        // The cellType as given: left out where it was the matrix's.
        if (c.Type != (matrix.CellType ?? ElementTypes.Dropdown)) o["cellType"] = c.Type;
        if (!c.ChoicesAreInherited) Put(o, "choices", c.Choices);
        Put(o, "visibleIf", c.VisibleIf);
        Put(o, "requiredIf", c.RequiredIf);
        Put(o, "enableIf", c.EnableIf);
        return Keep(o, c.Kept);
    }

    /// <summary>A multipletext item, or what a matrix column has of a small text question.</summary>
    internal static JsonObject WriteTextItem(ElementDefinition i)
    {
        var o = new JsonObject();
        Put(o, "name", i.Name);
        Put(o, "title", i.Title);
        Put(o, "inputType", i.InputType);
        Put(o, "isRequired", i.IsRequired);
        Put(o, "placeholder", i.Placeholder);
        Put(o, "maxLength", i.MaxLength);
        Put(o, "requiredErrorText", i.RequiredErrorText);
        Put(o, "min", i.Min);
        Put(o, "max", i.Max);
        if (i.Validators is not null) o["validators"] = new JsonArray(i.Validators.Select(WriteValidator).ToArray<JsonNode?>());
        return o;
    }

    private static JsonObject WriteValidator(ValidatorDefinition v)
    {
        var o = new JsonObject { ["type"] = v.Type };
        Put(o, "minValue", v.MinValue);
        Put(o, "maxValue", v.MaxValue);
        Put(o, "minLength", v.MinLength);
        Put(o, "maxLength", v.MaxLength);
        Put(o, "regex", v.Regex);
        Put(o, "minCount", v.MinCount);
        Put(o, "maxCount", v.MaxCount);
        Put(o, "expression", v.Expression);
        Put(o, "text", v.Text);
        return o;
    }
}

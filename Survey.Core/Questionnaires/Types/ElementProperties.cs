using System.Text.Json;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires.Expressions;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// What a question type reads its own properties with (DefinitionReader gives it): each call reads
/// one JSON value at its path, and a value of the wrong kind becomes an error at that path.
/// </summary>
public interface IElementReader
{
    LocalizedText? Text(JsonElement value, string path);
    string? String(JsonElement value, string path);
    bool? Bool(JsonElement value, string path);
    int? Int(JsonElement value, string path);
    JsonValue? Scalar(JsonElement value, string path);

    /// <summary>A list of choices, rows or columns: values with optional texts.</summary>
    List<ChoiceItem> Items(JsonElement value, string path);

    /// <summary>A list of elements, each read as any element of a page is.</summary>
    List<ElementDefinition> Elements(JsonElement value, string path);

    /// <summary>A matrix's columns, each a small question of its cellType; withConditions for a matrixdynamic's, whose cells have conditions on their row.</summary>
    List<ElementDefinition> Columns(JsonElement value, string path, bool withConditions);

    /// <summary>A multipletext's items: small text questions.</summary>
    List<ElementDefinition> TextItems(JsonElement value, string path);

    /// <summary>An expression, parsed once; a syntax error is reported at the path.</summary>
    Expression? Condition(string? text, string path);
}

/// <summary>Writing properties back as SurveyJS JSON, leaving out what is not set: DefinitionWriter's and each type's own.</summary>
public static class ElementWriting
{
    public static void Put(JsonObject o, string name, LocalizedText? text)
    {
        if (text is not null) o[name] = text.ToJson();
    }

    public static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null) o[name] = value;
    }

    public static void Put(JsonObject o, string name, bool? value)
    {
        if (value is not null) o[name] = value.Value;
    }

    public static void Put(JsonObject o, string name, int? value)
    {
        if (value is not null) o[name] = value.Value;
    }

    public static void Put(JsonObject o, string name, JsonValue? value)
    {
        if (value is not null) o[name] = value.DeepClone();
    }

    public static void Put(JsonObject o, string name, double? value)
    {
        if (value is not null) o[name] = value.Value;
    }

    /// <summary>Choices, rows or columns: a bare value stays bare, as it came.</summary>
    public static void Put(JsonObject o, string name, List<ChoiceItem>? items)
    {
        if (items is null) return;
        o[name] = new JsonArray(items.Select(c =>
        {
            if (c.IsShorthand) return c.Value.DeepClone();
            var item = new JsonObject { ["value"] = c.Value.DeepClone() };
            Put(item, "text", c.Text);
            Put(item, "visibleIf", c.VisibleIf);
            Put(item, "enableIf", c.EnableIf);
            return (JsonNode)item;
        }).ToArray<JsonNode?>());
    }

    public static void Put(JsonObject o, string name, List<ElementDefinition>? elements)
    {
        if (elements is not null) o[name] = new JsonArray(elements.Select(e => (JsonNode)DefinitionWriter.WriteElement(e)).ToArray());
    }

    /// <summary>A matrix's columns: each as a small question, its cellType left out where it is the matrix's.</summary>
    public static void PutColumns(JsonObject o, ElementDefinition matrix, List<ElementDefinition>? columns)
    {
        if (columns is not null) o["columns"] = new JsonArray(columns.Select(c => (JsonNode)DefinitionWriter.WriteCellColumn(c, matrix)).ToArray());
    }
}

using System.Text.Json.Nodes;

namespace Survey.Core.Questionnaires;

/// <summary>
/// The editor's operations on a definition: add, move and remove pages and elements. Each returns
/// the changed definition as JSON; whether the result is valid is decided by the importer when the
/// draft is saved, like any other definition.
/// </summary>
public static class DefinitionEditor
{
    public static JsonObject AddElement(SurveyDefinition definition, int pageIndex, string type)
    {
        var json = definition.ToJson();
        var elements = Elements(json, pageIndex);
        var questionType = Types.QuestionTypes.Find(type) ?? throw new ArgumentException($"Unknown question type {type}.", nameof(type));
        var element = new JsonObject { ["type"] = type, ["name"] = UniqueName(definition, questionType.IsQuestion ? "question" : "info") };
        if (questionType.IsQuestion) element["title"] = new JsonObject { ["da"] = "Nyt spørgsmål", ["en"] = "New question" };
        questionType.FillNew(element);
        elements.Add(element);
        return json;
    }

    public static JsonObject MoveElement(SurveyDefinition definition, int pageIndex, int index, int delta)
    {
        var json = definition.ToJson();
        var elements = Elements(json, pageIndex);
        var target = index + delta;
        if (index < 0 || index >= elements.Count) return json;
        if (target >= 0 && target < elements.Count)
        {
            var node = elements[index]!;
            elements.RemoveAt(index);
            elements.Insert(target, node);
            return json;
        }
        // Past the first or last element, the element moves to the end of the previous page or the start of the next.
        var pages = json["pages"]!.AsArray();
        var otherPage = pageIndex + Math.Sign(delta);
        if (otherPage < 0 || otherPage >= pages.Count) return json;
        var moved = elements[index]!;
        elements.RemoveAt(index);
        var other = Elements(json, otherPage);
        if (delta < 0) other.Add(moved);
        else other.Insert(0, moved);
        return json;
    }

    public static JsonObject RemoveElement(SurveyDefinition definition, int pageIndex, int index)
    {
        var json = definition.ToJson();
        var elements = Elements(json, pageIndex);
        if (index >= 0 && index < elements.Count) elements.RemoveAt(index);
        return json;
    }

    public static JsonObject ReplaceElement(SurveyDefinition definition, int pageIndex, int index, JsonObject element)
    {
        var json = definition.ToJson();
        Elements(json, pageIndex)[index] = element;
        return json;
    }

    public static JsonObject AddPage(SurveyDefinition definition)
    {
        var json = definition.ToJson();
        var n = definition.Pages.Count + 1;
        var names = definition.Pages.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        while (names.Contains("page" + n)) n++;
        json["pages"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "page" + n,
            ["title"] = new JsonObject { ["da"] = $"Side {n}", ["en"] = $"Page {n}" },
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = ElementTypes.Comment,
                ["name"] = UniqueName(definition, "question"),
                ["title"] = new JsonObject { ["da"] = "Nyt spørgsmål", ["en"] = "New question" },
            }),
        });
        return json;
    }

    public static JsonObject MovePage(SurveyDefinition definition, int pageIndex, int delta)
    {
        var json = definition.ToJson();
        var pages = json["pages"]!.AsArray();
        var target = pageIndex + delta;
        if (pageIndex < 0 || pageIndex >= pages.Count || target < 0 || target >= pages.Count) return json;
        var node = pages[pageIndex]!;
        pages.RemoveAt(pageIndex);
        pages.Insert(target, node);
        return json;
    }

    public static JsonObject RemovePage(SurveyDefinition definition, int pageIndex)
    {
        var json = definition.ToJson();
        var pages = json["pages"]!.AsArray();
        if (pageIndex >= 0 && pageIndex < pages.Count) pages.RemoveAt(pageIndex);
        return json;
    }

    public static JsonObject ReplacePage(SurveyDefinition definition, int pageIndex, JsonObject page)
    {
        var json = definition.ToJson();
        page["elements"] = json["pages"]![pageIndex]!["elements"]!.DeepClone();
        json["pages"]![pageIndex] = page;
        return json;
    }

    /// <summary>Where the element of that name is (page and place), or null: the editor addresses elements by name, never by a position that may have moved.</summary>
    public static (int Page, int Index)? Locate(SurveyDefinition definition, string? name)
    {
        for (var p = 0; p < definition.Pages.Count; p++)
            for (var i = 0; i < definition.Pages[p].Elements.Count; i++)
                if (string.Equals(definition.Pages[p].Elements[i].Name, name, StringComparison.Ordinal)) return (p, i);
        return null;
    }

    /// <summary>The index of the page of that name, or -1.</summary>
    public static int PageIndexOf(SurveyDefinition definition, string? name)
    {
        for (var p = 0; p < definition.Pages.Count; p++)
            if (string.Equals(definition.Pages[p].Name, name, StringComparison.Ordinal)) return p;
        return -1;
    }

    public static string UniqueName(SurveyDefinition definition, string stem)
    {
        var names = definition.AllElements.Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var n = definition.AllElements.Count() + 1;
        while (names.Contains(stem + n)) n++;
        return stem + n;
    }

    private static JsonArray Elements(JsonObject json, int pageIndex) => json["pages"]![pageIndex]!["elements"]!.AsArray();
}

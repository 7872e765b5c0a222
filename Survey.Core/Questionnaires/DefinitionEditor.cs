using System.Text.Json.Nodes;

namespace Survey.Core.Questionnaires;

/// <summary>
/// The editor's operations on a definition: add, move and remove pages and elements. Each returns
/// the changed definition as JSON; whether the result is valid is decided by the importer when the
/// draft is saved, like any other definition.
/// </summary>
public static partial class DefinitionEditor
{
    public static JsonObject AddElement(SurveyDefinition definition, int pageIndex, string type)
    {
        var json = definition.ToJson();
        Elements(json, pageIndex).Add(NewElement(definition, type, group: null));
        return json;
    }

    /// <summary>
    /// A new element of the type as its type starts it (FillNew), named apart from every name in the
    /// definition; in a repeating group, apart from the group's other questions only. The questions a
    /// new panel starts with are named too.
    /// </summary>
    private static JsonObject NewElement(SurveyDefinition definition, string type, ElementDefinition? group)
    {
        var questionType = Types.QuestionTypes.Find(type) ?? throw new ArgumentException($"Unknown question type {type}.", nameof(type));
        var taken = (group?.TemplateElements ?? definition.AllElements).Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var start = taken.Count + 1;
        var stem = !questionType.IsQuestion ? "info" : group?.TemplateElements is not null ? "field" : "question";
        var element = new JsonObject { ["type"] = type, ["name"] = UniqueName(taken, stem, start) };
        if (questionType.IsQuestion) element["title"] = new JsonObject { ["da"] = "Nyt spørgsmål", ["en"] = "New question" };
        questionType.FillNew(element);
        foreach (var child in (element["elements"] as JsonArray ?? []).OfType<JsonObject>().Where(c => c["name"] is null))
            child["name"] = UniqueName(taken, "question", start);
        return element;
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
        var taken = definition.AllElements.Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return UniqueName(taken, stem, taken.Count + 1);
    }

    /// <summary>The stem and the first number from start on that is not taken; the name is taken from then on.</summary>
    private static string UniqueName(HashSet<string?> taken, string stem, int start)
    {
        var n = start;
        while (taken.Contains(stem + n)) n++;
        taken.Add(stem + n);
        return stem + n;
    }

    private static JsonArray Elements(JsonObject json, int pageIndex) => json["pages"]![pageIndex]!["elements"]!.AsArray();

    // Elements inside containers. A panel's elements have names unique in the definition, like any
    // element; a repeating group's questions are unique only in their group, so they are addressed
    // as group.question (names never hold a dot).

    /// <summary>The element at an address (a name, or group.question for a repeating group's question), or null.</summary>
    public static ElementDefinition? ElementAt(SurveyDefinition definition, string? address)
    {
        if (string.IsNullOrEmpty(address)) return null;
        var dot = address.IndexOf('.');
        var head = dot < 0 ? address : address[..dot];
        var element = definition.AllElements.FirstOrDefault(e => string.Equals(e.Name, head, StringComparison.Ordinal));
        if (dot < 0 || element is null) return element;
        return element.TemplateElements?.FirstOrDefault(t => string.Equals(t.Name, address[(dot + 1)..], StringComparison.Ordinal));
    }

    /// <summary>The address the editor gives an element: its name, or group.question inside a repeating group.</summary>
    public static string AddressOf(ElementDefinition element) =>
        element.Parent is { TemplateElements: not null } group && group.TemplateElements.Contains(element) ? group.Name + "." + element.Name : element.Name!;

    /// <summary>The JSON list that holds the element at the address, and its place in it.</summary>
    private static (JsonArray List, int Index)? Find(JsonObject json, string address)
    {
        var dot = address.IndexOf('.');
        var head = dot < 0 ? address : address[..dot];
        foreach (var page in json["pages"]!.AsArray())
        {
            if (Search(page!["elements"]!.AsArray(), head) is not { } found) continue;
            if (dot < 0) return found;
            if (found.List[found.Index]!["templateElements"] is not JsonArray template) return null;
            for (var i = 0; i < template.Count; i++)
                if (template[i]?["name"]?.GetValue<string>() == address[(dot + 1)..]) return (template, i);
            return null;
        }
        return null;
    }

    private static (JsonArray List, int Index)? Search(JsonArray list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i]?["name"]?.GetValue<string>() == name) return (list, i);
            if (list[i]?["elements"] is JsonArray inner && Search(inner, name) is { } found) return found;
        }
        return null;
    }

    /// <summary>The list a container's new elements go into: a panel's elements, a repeating group's templateElements.</summary>
    private static JsonArray? Contents(JsonObject json, string address) =>
        Find(json, address) is { } at && at.List[at.Index] is JsonObject container
            ? container["templateElements"] as JsonArray ?? container["elements"] as JsonArray
            : null;

    /// <summary>Adds a new element of the type at the end of a container; null when there is no such container.</summary>
    public static JsonObject? AddInto(SurveyDefinition definition, string container, string type)
    {
        var json = definition.ToJson();
        if (Contents(json, container) is not { } list) return null;
        list.Add(NewElement(definition, type, ElementAt(definition, container)));
        return json;
    }

    /// <summary>Moves an element inside its container (it stays in it); null when there is no such element.</summary>
    public static JsonObject? MoveWithin(SurveyDefinition definition, string address, int delta)
    {
        var json = definition.ToJson();
        if (Find(json, address) is not { } at) return null;
        var target = at.Index + delta;
        if (target < 0 || target >= at.List.Count) return json;
        var node = at.List[at.Index]!;
        at.List.RemoveAt(at.Index);
        at.List.Insert(target, node);
        return json;
    }

    public static JsonObject? RemoveAt(SurveyDefinition definition, string address)
    {
        var json = definition.ToJson();
        if (Find(json, address) is not { } at) return null;
        at.List.RemoveAt(at.Index);
        return json;
    }

    public static JsonObject? ReplaceAt(SurveyDefinition definition, string address, JsonObject element)
    {
        var json = definition.ToJson();
        if (Find(json, address) is not { } at) return null;
        at.List[at.Index] = element;
        return json;
    }

    // Duplicating, moving to another page and changing type.

    /// <summary>The types a question may change to with its answers keeping their meaning (the same values, one or many).</summary>
    public static IReadOnlyList<string> TypesTo(ElementDefinition element) => element.Type switch
    {
        ElementTypes.RadioGroup => [ElementTypes.Dropdown],
        ElementTypes.Dropdown => [ElementTypes.RadioGroup],
        ElementTypes.Checkbox => [ElementTypes.Tagbox],
        ElementTypes.Tagbox => [ElementTypes.Checkbox],
        // A text that takes a number or a date is not free text: only a plain one becomes a comment.
        ElementTypes.Text when string.IsNullOrEmpty(element.InputType) || element.InputType == "text" => [ElementTypes.Comment],
        ElementTypes.Comment => [ElementTypes.Text],
        _ => [],
    };

    /// <summary>The element as the other type, with the properties the new type does not take left out; null when the change is not one of TypesTo.</summary>
    public static JsonObject? ChangeType(SurveyDefinition definition, string address, string type)
    {
        if (ElementAt(definition, address) is not { } element || !TypesTo(element).Contains(type)) return null;
        var json = definition.ToJson();
        if (Find(json, address) is not { } at || at.List[at.Index] is not JsonObject node) return null;
        var keeps = Types.QuestionTypes.Find(type)!.Properties;
        foreach (var key in node.Select(p => p.Key).Where(k => k != "type" && !keeps.Contains(k)).ToList()) node.Remove(key);
        node["type"] = type;
        return json;
    }

    /// <summary>A copy of the element right after it, named apart (and every question in it), its conditions pointing at the copies; null when there is no such element.</summary>
    public static JsonObject? Duplicate(SurveyDefinition definition, string address)
    {
        var json = definition.ToJson();
        if (Find(json, address) is not { } at) return null;
        var inGroup = address.Contains('.');
        var taken = inGroup
            ? (ElementAt(definition, address)!.Parent!.TemplateElements!.Select(e => e.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : definition.AllElements.Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var copy = at.List[at.Index]!.DeepClone().AsObject();
        Rename(copy, taken, renameInner: !inGroup);
        MarkCopy(copy);
        at.List.Insert(at.Index + 1, copy);
        return json;
    }

    /// <summary>A copy of the page right after it: a new page name, every element named apart, conditions inside it pointing at the copies.</summary>
    public static JsonObject? DuplicatePage(SurveyDefinition definition, int pageIndex)
    {
        if (pageIndex < 0 || pageIndex >= definition.Pages.Count) return null;
        var json = definition.ToJson();
        var pages = json["pages"]!.AsArray();
        var copy = pages[pageIndex]!.DeepClone().AsObject();
        var pageNames = definition.Pages.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        copy["name"] = UniqueName(pageNames, (definition.Pages[pageIndex].Name ?? "page") + "-", 2);
        var taken = definition.AllElements.Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in (copy["elements"] as JsonArray ?? []).OfType<JsonObject>()) CollectRenames(element, taken, renames, renameInner: true);
        Repoint(copy, renames);
        MarkCopy(copy);
        pages.Insert(pageIndex + 1, copy);
        return json;
    }

    /// <summary>The element moved to the end of another page (out of a panel, too); null when either is not there.</summary>
    public static JsonObject? MoveToPage(SurveyDefinition definition, string address, int pageIndex)
    {
        if (address.Contains('.') || pageIndex < 0 || pageIndex >= definition.Pages.Count) return null;
        var json = definition.ToJson();
        if (Find(json, address) is not { } at) return null;
        var node = at.List[at.Index]!;
        at.List.RemoveAt(at.Index);
        Elements(json, pageIndex).Add(node);
        return json;
    }

    /// <summary>Renames the element (and, outside a repeating group, the questions inside it) apart from the taken names, and points its own conditions at the new names.</summary>
    private static void Rename(JsonObject element, HashSet<string?> taken, bool renameInner)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        CollectRenames(element, taken, renames, renameInner);
        Repoint(element, renames);
    }

    private static void CollectRenames(JsonObject element, HashSet<string?> taken, Dictionary<string, string> renames, bool renameInner)
    {
        if (element["name"]?.GetValue<string>() is { } name)
        {
            var stem = name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').TrimEnd('_', '-');
            var fresh = UniqueName(taken, (stem.Length > 0 ? stem : name) + "_", 2);
            renames[name] = fresh;
            element["name"] = fresh;
        }
        if (renameInner && element["elements"] is JsonArray inner)
            foreach (var child in inner.OfType<JsonObject>()) CollectRenames(child, taken, renames, renameInner);
    }

    /// <summary>Every {name…} reference in the strings of the subtree (conditions, expressions, piped titles) pointed at the renamed questions.</summary>
    private static void Repoint(JsonNode node, IReadOnlyDictionary<string, string> renames)
    {
        if (renames.Count == 0) return;
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "name" || value is null) continue;
                    if (Repointed(value, renames) is { } text) o[key] = text;
                    else Repoint(value, renames);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Repointed(a[i], renames) is { } text) a[i] = text;
                    else if (a[i] is { } child) Repoint(child, renames);
                }
                break;
        }
    }

    /// <summary>A string value with its references pointed at the new names; null for anything else (an object or array to walk into).</summary>
    private static string? Repointed(JsonNode? node, IReadOnlyDictionary<string, string> renames) =>
        node is JsonValue v && v.TryGetValue<string>(out var text) && text.Contains('{')
            ? Reference().Replace(text, m => renames.TryGetValue(m.Groups[2].Value, out var to) ? m.Groups[1].Value + to : m.Value)
            : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"(\{\s*)([A-Za-z0-9_\-]+)(?=\s*[}.\[])")]
    private static partial System.Text.RegularExpressions.Regex Reference();

    /// <summary>The copy's title marked as one: "… (kopi)", "… (copy)".</summary>
    private static void MarkCopy(JsonObject node)
    {
        switch (node["title"])
        {
            case JsonObject texts:
                foreach (var (lang, value) in texts.ToList())
                    if (value?.GetValue<string>() is { } t) texts[lang] = t + (lang == "en" ? " (copy)" : " (kopi)");
                break;
            case JsonValue value when value.TryGetValue<string>(out var t):
                node["title"] = t + " (kopi)";
                break;
        }
    }

    /// <summary>The element at the address as JSON, as the definition writes it.</summary>
    public static JsonObject? JsonAt(SurveyDefinition definition, string address)
    {
        var json = definition.ToJson();
        return Find(json, address) is { } at ? at.List[at.Index]!.AsObject() : null;
    }
}

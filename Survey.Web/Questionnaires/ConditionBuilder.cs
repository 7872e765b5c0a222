using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;

namespace Survey.Web.Questionnaires;

/// <summary>A question a condition may look at, with the values it can have (choices, yes/no, a scale's points), as the builder offers them.</summary>
public sealed record ConditionSource(string Name, string Label, IReadOnlyList<(string Value, string Text)> Values);

/// <summary>The condition builder of the question and page editors: pick a question, an operator and one of its values.</summary>
public static class ConditionBuilder
{
    public static readonly string[] Operators = ["=", "!=", ">", ">=", "<", "<=", "contains", "notcontains", "anyof", "empty", "notempty"];

    /// <summary>The text key of an operator (symbols cannot be resource names).</summary>
    public static string OperatorKey(string op) => op switch
    {
        "=" => "eq", "!=" => "ne", ">" => "gt", ">=" => "ge", "<" => "lt", "<=" => "le", _ => op,
    };

    /// <summary>The questions as sources, each with its values: what its options are (the codes stored, shown with their texts).</summary>
    public static IReadOnlyList<ConditionSource> Sources(SurveyDefinition definition, IEnumerable<(string Name, string Label)> questions, string lang) =>
        questions.Select(q => new ConditionSource(q.Name, q.Label, ValuesOf(definition, q.Name, lang))).ToList();

    private static IReadOnlyList<(string Value, string Text)> ValuesOf(SurveyDefinition definition, string name, string lang)
    {
        // A repeating group's own question is named panel.question in a condition inside the group.
        var element = name.StartsWith("panel.", StringComparison.Ordinal)
            ? definition.AllElements.SelectMany(e => e.TemplateElements ?? []).FirstOrDefault(t => t.Name == name[6..])
            : definition.FindQuestion(name);
        if (element is null) return [];
        return element.Choices is not null || element.Type is ElementTypes.Rating or ElementTypes.Boolean
            ? QuestionTypes.Of(element).FormOptions(element, lang).ToList()
            : [];
    }

    /// <summary>Adds "{question} operator value" to a condition, joined with "and" to what is there; a value typed beats one picked.</summary>
    public static string Compose(string? existing, string? question, string? op, string? value)
    {
        if (string.IsNullOrWhiteSpace(question) || op is null || !Operators.Contains(op)) return existing ?? "";
        static string Literal(string v) => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) || v is "true" or "false"
            ? v : "'" + v.Replace("'", "\\'") + "'";
        var values = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var clause = op switch
        {
            "empty" or "notempty" => $"{{{question}}} {op}",
            "anyof" => $"{{{question}}} anyof [{string.Join(", ", values.Select(Literal))}]",
            _ => $"{{{question}}} {op} {Literal((value ?? "").Trim())}",
        };
        return string.IsNullOrWhiteSpace(existing) ? clause : $"({existing.Trim()}) and {clause}";
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses.Forms;

/// <summary>
/// Turns a page's HTML form into typed answers and back. Field names: the question name; for
/// "other" text <c>name-Comment</c>; for a matrix row or a ranking item <c>name.value</c> (names
/// never contain dots). A value that cannot be converted is kept as typed, so the validator
/// reports it next to the field and the leader sees what they wrote.
/// </summary>
public static class FormAnswers
{
    public static string ItemField(ElementDefinition q, ChoiceItem item) => q.Name + "." + item.Key;

    public static string CommentField(ElementDefinition q) => q.Name + ElementDefinition.CommentSuffix;

    /// <summary>
    /// Replaces the answers to the page's questions in the draft with what the form holds, except for
    /// questions that are read-only with the new answers: a readOnly one keeps the draft's answer; one
    /// whose enableIf fails keeps what the form sends for it (the page script sends the answer given
    /// while it was enabled) or, when the form sends nothing (its field was drawn disabled), the draft's.
    /// </summary>
    public static JsonObject Merge(SurveyDefinition definition, JsonObject draft, PageDefinition page, IFormCollection form)
    {
        var merged = draft.DeepClone().AsObject();
        var questions = page.AllElements.Where(e => e.IsQuestion).ToList();
        foreach (var q in questions)
        {
            merged.Remove(q.Name!);
            merged.Remove(CommentField(q));
            if (FromForm(q, form) is { } value) merged[q.Name!] = value;
            var comment = form[CommentField(q)].ToString();
            if (q.ShowOtherItem == true && !string.IsNullOrWhiteSpace(comment)) merged[CommentField(q)] = comment;
        }
        if (questions.Any(q => q.ReadOnly == true || q.EnableIfExpression is not null))
        {
            var readOnly = AnswerValidator.Validate(definition, merged, AnswerScope.Draft).ReadOnlyQuestions;
            foreach (var q in questions.Where(q => readOnly.Contains(q.Name!)))
            {
                if (q.ReadOnly != true && FormHolds(q, form)) continue;
                foreach (var key in new[] { q.Name!, CommentField(q) })
                {
                    merged.Remove(key);
                    if (draft[key] is { } kept) merged[key] = kept.DeepClone();
                }
            }
        }
        return merged;
    }

    private static bool FormHolds(ElementDefinition q, IFormCollection form) =>
        form.Keys.Any(k => k == q.Name || k.StartsWith(q.Name + ".", StringComparison.Ordinal));

    /// <summary>Each type of question knows how its form fields become an answer (Questionnaires/Types).</summary>
    private static JsonNode? FromForm(ElementDefinition q, IFormCollection form) => Questionnaires.Types.QuestionTypes.Of(q).FromForm(q, form);

    /// <summary>The answers as form field values, for filling in a page.</summary>
    public static Dictionary<string, StringValues> ToForm(SurveyDefinition definition, JsonObject answers)
    {
        var form = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var q in definition.Questions)
        {
            if (answers[CommentField(q)] is JsonValue comment) form[CommentField(q)] = comment.ToString();
            AddToForm(form, q, answers[q.Name!]);
        }
        return form;
    }

    /// <summary>One question's answer as form field values: each type knows its fields (Questionnaires/Types).</summary>
    internal static void AddToForm(Dictionary<string, StringValues> form, ElementDefinition q, JsonNode? value)
    {
        if (value is not null) Questionnaires.Types.QuestionTypes.Of(q).ToForm(q, value, form);
    }

    /// <summary>The field of a matrixdropdown cell: question.row.column.</summary>
    public static string CellField(ElementDefinition q, string row, string column) => q.Name + "." + row + "." + column;

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };
}

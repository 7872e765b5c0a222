using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;

namespace Survey.Core.Responses;

/// <summary>What the triggers did to a page's answers: the answers after them, the page to go to (skip), or the end (complete).</summary>
public sealed record TriggerOutcome(JsonObject Answers, string? SkipToPage, bool Complete);

/// <summary>
/// SurveyJS's triggers, run when a page is sent: as in survey-core, a setvalue, copyvalue,
/// runexpression or skip trigger acts when an answer its expression names has changed and the
/// expression holds; a complete trigger ends the questionnaire at this page whenever its expression
/// holds (a screen-out: later pages are not asked for). Triggers act in the order given.
/// </summary>
public static class Triggers
{
    public static TriggerOutcome Run(SurveyDefinition definition, JsonObject before, JsonObject after)
    {
        var answers = after.DeepClone().AsObject();
        if (definition.Triggers is not { Count: > 0 } triggers) return new(answers, null, false);
        var earlier = AnswerValidator.Validate(definition, before, AnswerScope.Draft).Lookup();
        string? skipTo = null;
        var complete = false;
        // The answers as conditions see them, read again only after a trigger has changed one.
        AnswerLookup? now = null;
        foreach (var t in triggers)
        {
            if (t.ExpressionTree is null) continue;
            now ??= AnswerValidator.Validate(definition, answers, AnswerScope.Draft).Lookup();
            if (!t.ExpressionTree.IsTrue(now)) continue;
            if (t.Type == "complete")
            {
                complete = true;
                continue;
            }
            var changed = t.ExpressionTree.Variables().Any(v => !JsonNode.DeepEquals(earlier.Find(v.Name), now.Find(v.Name)));
            if (!changed) continue;
            switch (t.Type)
            {
                case "setvalue": Set(answers, t.SetToName!, t.SetValue); now = null; break;
                case "copyvalue": Set(answers, t.SetToName!, now.Find(t.FromName!)); now = null; break;
                case "runexpression": Set(answers, t.SetToName!, t.RunExpressionTree?.Evaluate(now).ToJson()); now = null; break;
                case "skip":
                    skipTo = definition.Pages.FirstOrDefault(p => p.AllElements.Any(e => string.Equals(e.Name, t.GotoName, StringComparison.OrdinalIgnoreCase)))?.Name;
                    break;
            }
        }
        return new(answers, skipTo, complete);
    }

    private static void Set(JsonObject answers, string name, JsonNode? value)
    {
        if (value is null) answers.Remove(name);
        else answers[name] = value.DeepClone();
    }
}

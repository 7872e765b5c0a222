using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Survey.Core;

namespace Survey.Web.Access;

public static class ModelStateExtensions
{
    public static bool HasError(this ModelStateDictionary state, string key) =>
        state.GetFieldValidationState(key) == ModelValidationState.Invalid;

    /// <summary>A validator's failures as messages next to the fields of Input.</summary>
    public static void AddFailures(this ModelStateDictionary state, ValidationResult result, string prefix = "Input")
    {
        foreach (var failure in result.Errors) state.AddModelError($"{prefix}.{failure.PropertyName}", failure.ErrorMessage);
    }

    /// <summary>
    /// The form key of a field the core names in lower case, as the API does ("heldOn" -> "Input.HeldOn"),
    /// so that the message sits next to the field and the error summary links to its id.
    /// </summary>
    public static string FormField(string prefix, string field) =>
        field.Length == 0 ? prefix : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";

    /// <summary>An outcome's errors as messages next to the fields of Input (or at the top, for errors without a field).</summary>
    public static void AddOutcome<T>(this ModelStateDictionary state, Outcome<T> outcome, string prefix = "Input")
    {
        if (outcome.Errors is { } errors)
        {
            foreach (var (field, messages) in errors)
                foreach (var message in messages) state.AddModelError($"{prefix}.{field}", message);
        }
        else if (outcome.Reason is { } reason)
        {
            state.AddModelError(string.Empty, reason);
        }
    }
}

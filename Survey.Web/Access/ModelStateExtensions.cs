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

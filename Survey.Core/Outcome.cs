namespace Survey.Core;

public enum OutcomeKind { Ok, NotFound, Invalid, Conflict, Gone }

/// <summary>
/// What a command did, for the caller to turn into a typed HTTP result or a page message.
/// Invalid carries errors keyed by field (a question name or a JSON path); Conflict and Gone a reason.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IDictionary<string, string[]>? Errors, string? Reason)
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, null, null);
    public static Outcome<T> NotFound() => new(OutcomeKind.NotFound, default, null, null);
    public static Outcome<T> Invalid(IDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, errors, null);
    public static Outcome<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
    public static Outcome<T> Conflict(string reason) => new(OutcomeKind.Conflict, default, null, reason);
    public static Outcome<T> Gone(string reason) => new(OutcomeKind.Gone, default, null, reason);
}

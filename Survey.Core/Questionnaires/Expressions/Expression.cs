using System.Text.Json.Nodes;

namespace Survey.Core.Questionnaires.Expressions;

/// <summary>
/// A parsed expression: a condition (visibleIf, enableIf, requiredIf) or a value (expression questions, calculated values). The tree is the contract between the server and the browser: both evaluate
/// this same shape (see <see cref="ToJson"/>), so a condition cannot mean one thing on the page and
/// another when the server checks the submission.
/// </summary>
public abstract record Expression
{
    public abstract JsValue Evaluate(IAnswerLookup answers);

    public abstract JsonNode ToJson();

    public IEnumerable<VariableExpression> Variables() => this switch
    {
        VariableExpression v => [v],
        BinaryExpression b => b.Left.Variables().Concat(b.Right.Variables()),
        UnaryExpression u => u.Operand.Variables(),
        ArrayExpression a => a.Items.SelectMany(i => i.Variables()),
        FunctionExpression f => f.Arguments.SelectMany(i => i.Variables()),
        _ => [],
    };
}

public interface IAnswerLookup
{
    /// <summary>The answer at a path such as <c>q1</c> or <c>matrix.row</c>, or null when there is none.</summary>
    JsonNode? Find(string path);

    /// <summary>What "now" is for the date functions.</summary>
    ExpressionClock Clock => ExpressionClock.System;
}

public sealed record ConstantExpression(JsValue Value) : Expression
{
    // Constants are converted once, by the parser: a quoted '5' stays text, a bare 5 is a number.
    public override JsValue Evaluate(IAnswerLookup answers) => Value;
    public override JsonNode ToJson() => new JsonObject { ["const"] = Value.ToJson() };
}

public sealed record VariableExpression(string Name, int Position) : Expression
{
    public override JsValue Evaluate(IAnswerLookup answers) => JsOperators.CorrectValue(JsValue.FromJson(answers.Find(Name)));
    public override JsonNode ToJson() => new JsonObject { ["var"] = Name };
}

public sealed record ArrayExpression(IReadOnlyList<Expression> Items) : Expression
{
    public override JsValue Evaluate(IAnswerLookup answers) => JsValue.Of(Items.Select(i => i.Evaluate(answers)).ToList());
    public override JsonNode ToJson() => new JsonObject { ["array"] = new JsonArray(Items.Select(i => i.ToJson()).ToArray()) };
}

public enum UnaryOperator { Negate, Empty, NotEmpty }

public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand) : Expression
{
    public override JsValue Evaluate(IAnswerLookup answers)
    {
        var v = Operand.Evaluate(answers);
        return Operator switch
        {
            UnaryOperator.Negate => JsValue.Of(!v.IsTruthy),
            UnaryOperator.Empty => JsValue.Of(v.IsEmpty),
            _ => JsValue.Of(!v.IsEmpty),
        };
    }

    public override JsonNode ToJson() => new JsonObject
    {
        ["op"] = Operator.ToString().ToLowerInvariant(),
        ["operand"] = Operand.ToJson(),
    };
}

public enum BinaryOperator
{
    Or, And, Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual, Contains, NotContains, AnyOf, AllOf, NoneOf,
    Plus, Minus, Multiply, Divide, Modulo, Power,
}

public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right) : Expression
{
    public override JsValue Evaluate(IAnswerLookup answers)
    {
        var l = Left.Evaluate(answers);
        // and/or return one of their operands, as JavaScript's && and || do; the condition is tested at the end.
        if (Operator == BinaryOperator.And) return l.IsTruthy ? Right.Evaluate(answers) : l;
        if (Operator == BinaryOperator.Or) return l.IsTruthy ? l : Right.Evaluate(answers);
        var r = Right.Evaluate(answers);
        if (Operator >= BinaryOperator.Plus) return JsOperators.Arithmetic(Operator, l, r);
        return JsValue.Of(Operator switch
        {
            BinaryOperator.Equal => JsOperators.Equal(l, r),
            BinaryOperator.NotEqual => !JsOperators.Equal(l, r),
            BinaryOperator.Less => JsOperators.Less(l, r),
            BinaryOperator.Greater => JsOperators.Greater(l, r),
            BinaryOperator.LessOrEqual => JsOperators.LessOrEqual(l, r),
            BinaryOperator.GreaterOrEqual => JsOperators.GreaterOrEqual(l, r),
            BinaryOperator.Contains => JsOperators.Contains(l, r),
            BinaryOperator.NotContains => JsOperators.NotContains(l, r),
            BinaryOperator.AnyOf => JsOperators.AnyOf(l, r),
            BinaryOperator.AllOf => JsOperators.AllOf(l, r),
            BinaryOperator.NoneOf => JsOperators.NoneOf(l, r),
            _ => throw new InvalidOperationException($"Unknown operator {Operator}"),
        });
    }

    public override JsonNode ToJson() => new JsonObject
    {
        ["op"] = Operator.ToString().ToLowerInvariant(),
        ["left"] = Left.ToJson(),
        ["right"] = Right.ToJson(),
    };
}

/// <summary>A call of one of <see cref="ExpressionFunctions"/>; the parser admits only the names it knows.</summary>
public sealed record FunctionExpression(string Name, IReadOnlyList<Expression> Arguments) : Expression
{
    public override JsValue Evaluate(IAnswerLookup answers) =>
        ExpressionFunctions.Call(Name, Arguments.Select(a => a.Evaluate(answers)).ToList(), answers.Clock);

    public override JsonNode ToJson() => new JsonObject
    {
        ["fn"] = Name,
        ["args"] = new JsonArray(Arguments.Select(a => a.ToJson()).ToArray()),
    };
}

public static class ExpressionExtensions
{
    public static bool IsTrue(this Expression expression, IAnswerLookup answers) =>
        JsOperators.IsConditionTrue(expression.Evaluate(answers));
}

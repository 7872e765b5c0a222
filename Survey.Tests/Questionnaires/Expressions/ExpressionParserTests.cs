using Survey.Core.Questionnaires.Expressions;

namespace Survey.Tests.Questionnaires.Expressions;

public class ExpressionParserTests
{
    [TestCase("{a} = ", 7)]
    [TestCase("{a} = 1 and", 12)]
    [TestCase("({a} = 1", 9)]
    [TestCase("{a = 1", 1)]
    [TestCase("{} = 1", 1)]
    [TestCase("{a} = 'open", 7)]
    [TestCase("{a} + = 2", 7)]
    [TestCase("{a} * > 4", 7)]
    [TestCase("iff({a} = 1, true, false)", 1)]
    [TestCase("IIF({a} = 1, true, false)", 1)]
    [TestCase("age({birth} > 18", 17)]
    [TestCase("-{a} = 1", 1)]
    [TestCase("{a} = 1e3", 7)]
    [TestCase("[1, 2", 6)]
    [TestCase("{a} = 0xff", 7)]
    [TestCase("{a} = 1 )", 9)]
    public void A_bad_expression_is_refused_with_its_position(string text, int position)
    {
        var ok = ExpressionParser.TryParse(text, out var expression, out var error);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(expression, Is.Null);
            Assert.That(error!.Position, Is.EqualTo(position), error.Message);
            Assert.That(error.Message, Does.Contain(position.ToString()));
        });
    }

    [Test]
    public void An_unknown_function_is_named_with_the_ones_there_are()
    {
        using var english = Culture.Use("en");
        ExpressionParser.TryParse("{a} > 1 and dateDiff({a}, {b}) > 0", out _, out var error);
        Assert.That(error!.Message, Does.Contain("\"dateDiff\"").And.Contain("iif").And.Contain("age").And.Contain("round"));
    }

    [Test]
    public void Arithmetic_binds_tighter_than_comparison_and_contains_tighter_than_arithmetic()
    {
        var tree = (BinaryExpression)ExpressionParser.Parse("{a} + {b} * 2 > {c} contains 1");
        Assert.Multiple(() =>
        {
            Assert.That(tree.Operator, Is.EqualTo(BinaryOperator.Greater));
            var sum = (BinaryExpression)tree.Left;
            Assert.That(sum.Operator, Is.EqualTo(BinaryOperator.Plus));
            Assert.That(((BinaryExpression)sum.Right).Operator, Is.EqualTo(BinaryOperator.Multiply));
            Assert.That(((BinaryExpression)tree.Right).Operator, Is.EqualTo(BinaryOperator.Contains));
        });
    }

    [Test]
    public void A_minus_after_a_value_subtracts_and_elsewhere_starts_a_number()
    {
        var tree = (BinaryExpression)ExpressionParser.Parse("{a}-1 = -1");
        Assert.Multiple(() =>
        {
            Assert.That(((BinaryExpression)tree.Left).Operator, Is.EqualTo(BinaryOperator.Minus));
            Assert.That(tree.Right.ToJson().ToJsonString(), Is.EqualTo("""{"const":-1}"""));
        });
    }

    [Test]
    public void Not_binds_tighter_than_comparison_as_in_surveyjs()
    {
        var tree = ExpressionParser.Parse("!{a} = 1");
        Assert.That(tree, Is.TypeOf<BinaryExpression>());
        var binary = (BinaryExpression)tree;
        Assert.That(binary.Left, Is.TypeOf<UnaryExpression>());
    }

    [Test]
    public void And_binds_tighter_than_or()
    {
        var tree = (BinaryExpression)ExpressionParser.Parse("{a} = 1 or {b} = 2 and {c} = 3");
        Assert.Multiple(() =>
        {
            Assert.That(tree.Operator, Is.EqualTo(BinaryOperator.Or));
            Assert.That(((BinaryExpression)tree.Right).Operator, Is.EqualTo(BinaryOperator.And));
        });
    }

    [Test]
    public void The_tree_lists_its_variables_with_positions()
    {
        var vars = ExpressionParser.Parse("{a} = 1 and {m.row} notempty").Variables().ToList();
        Assert.That(vars.Select(v => (v.Name, v.Position)), Is.EqualTo(new[] { ("a", 0), ("m.row", 12) }));
    }

    [Test]
    public void The_tree_serialises_for_the_browser()
    {
        var json = ExpressionParser.Parse("{a} anyof ['x', 2] and !{b} empty").ToJson().ToJsonString();
        Assert.That(json, Is.EqualTo(
            """{"op":"and","left":{"op":"anyof","left":{"var":"a"},"right":{"array":[{"const":"x"},{"const":2}]}},"right":{"op":"negate","operand":{"op":"empty","operand":{"var":"b"}}}}"""));
    }
}

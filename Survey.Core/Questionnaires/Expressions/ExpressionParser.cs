using System.Globalization;
using System.Text;

namespace Survey.Core.Questionnaires.Expressions;

/// <summary>Where a condition stops making sense: a 1-based character position and a reason a person can act on.</summary>
public sealed record ExpressionError(int Position, string Message);

/// <summary>
/// Parses SurveyJS's expression grammar (survey-library's expressionParser.pegjs) with its precedence:
/// or &lt; and &lt; comparisons &lt; + - &lt; * / % &lt; ^ &lt; contains/anyof/allof/noneof &lt; ! and postfix
/// empty/notempty, each level left-associative. Like survey-core it first rewrites =&gt;, =&lt; and &lt;&gt;.
/// Functions are the ones <see cref="ExpressionFunctions"/> knows; any other name is refused.
/// </summary>
public sealed class ExpressionParser
{
    private enum T { Variable, String, Number, Word, Symbol, End }

    private sealed record Token(T Type, string Text, int Pos, double Number = 0);

    private static readonly Dictionary<string, BinaryOperator> ComparisonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["="] = BinaryOperator.Equal, ["=="] = BinaryOperator.Equal, ["equal"] = BinaryOperator.Equal,
        ["!="] = BinaryOperator.NotEqual, ["notequal"] = BinaryOperator.NotEqual,
        ["<"] = BinaryOperator.Less, ["less"] = BinaryOperator.Less,
        [">"] = BinaryOperator.Greater, ["greater"] = BinaryOperator.Greater,
        ["<="] = BinaryOperator.LessOrEqual, ["lessorequal"] = BinaryOperator.LessOrEqual,
        [">="] = BinaryOperator.GreaterOrEqual, ["greaterorequal"] = BinaryOperator.GreaterOrEqual,
    };

    private static readonly Dictionary<string, BinaryOperator> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["contains"] = BinaryOperator.Contains, ["contain"] = BinaryOperator.Contains, ["*="] = BinaryOperator.Contains,
        ["notcontains"] = BinaryOperator.NotContains, ["notcontain"] = BinaryOperator.NotContains,
        ["anyof"] = BinaryOperator.AnyOf, ["allof"] = BinaryOperator.AllOf, ["noneof"] = BinaryOperator.NoneOf,
    };

    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "or", "and", "empty", "notempty", "negate", "power",
    };

    private static readonly Dictionary<string, BinaryOperator> AdditiveSigns = new() { ["+"] = BinaryOperator.Plus, ["-"] = BinaryOperator.Minus };
    private static readonly Dictionary<string, BinaryOperator> MultiplicativeSigns = new()
    {
        ["*"] = BinaryOperator.Multiply, ["/"] = BinaryOperator.Divide, ["%"] = BinaryOperator.Modulo,
    };

    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _index;

    // survey-core's ConditionsParser.patchExpression, applied to the whole text as it does; each
    // replacement keeps the length, so positions in errors still point into what the person wrote.
    private ExpressionParser(string text) => _text = text
        .Replace("=>", ">=", StringComparison.Ordinal)
        .Replace("=<", "<=", StringComparison.Ordinal)
        .Replace("<>", "!=", StringComparison.Ordinal)
        .Replace("equals", "equal ", StringComparison.Ordinal)
        .Replace("notequals", "notequal ", StringComparison.Ordinal);

    public static Expression Parse(string text) =>
        TryParse(text, out var expression, out var error) ? expression! : throw new FormatException(error!.Message);

    public static bool TryParse(string text, out Expression? expression, out ExpressionError? error)
    {
        var parser = new ExpressionParser(text ?? "");
        try
        {
            parser.Tokenize();
            var result = parser.ParseOr();
            if (parser.Current.Type != T.End) throw parser.Fail(parser.Current.Pos, "ExprUnexpected", parser.Current.Text);
            expression = result;
            error = null;
            return true;
        }
        catch (ParseFailure f)
        {
            expression = null;
            error = f.Error;
            return false;
        }
    }

    private sealed class ParseFailure(ExpressionError error) : Exception(error.Message)
    {
        public ExpressionError Error { get; } = error;
    }

    private ParseFailure Fail(int pos, string key, params object[] args) =>
        new(new ExpressionError(pos + 1, CoreText.Format(key, [pos + 1, .. args])));

    private Token Current => _tokens[_index];

    private Token Next() => _tokens[_index++];

    private bool AtSymbol(string s) => Current.Type == T.Symbol && Current.Text == s;

    private bool AtWord(string w) => Current.Type == T.Word && Current.Text.Equals(w, StringComparison.OrdinalIgnoreCase);

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (AtSymbol("||") || AtWord("or"))
        {
            Next();
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd());
        }
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseComparison();
        while (AtSymbol("&&") || AtWord("and"))
        {
            Next();
            left = new BinaryExpression(BinaryOperator.And, left, ParseComparison());
        }
        return left;
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        while ((Current.Type is T.Symbol or T.Word) && ComparisonWords.TryGetValue(Current.Text, out var op))
        {
            Next();
            left = new BinaryExpression(op, left, ParseAdditive());
        }
        return left;
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Type == T.Symbol && AdditiveSigns.TryGetValue(Current.Text, out var op))
        {
            Next();
            left = new BinaryExpression(op, left, ParseMultiplicative());
        }
        return left;
    }

    private Expression ParseMultiplicative()
    {
        var left = ParsePower();
        while (Current.Type == T.Symbol && MultiplicativeSigns.TryGetValue(Current.Text, out var op))
        {
            Next();
            left = new BinaryExpression(op, left, ParsePower());
        }
        return left;
    }

    private Expression ParsePower()
    {
        var left = ParseFunctionOperators();
        while (AtSymbol("^") || AtWord("power"))
        {
            Next();
            left = new BinaryExpression(BinaryOperator.Power, left, ParseFunctionOperators());
        }
        return left;
    }

    private Expression ParseFunctionOperators()
    {
        var left = ParseFactor();
        while ((Current.Type is T.Symbol or T.Word) && FunctionWords.TryGetValue(Current.Text, out var op))
        {
            Next();
            left = new BinaryExpression(op, left, ParseFactor());
        }
        return left;
    }

    private Expression ParseFactor()
    {
        var t = Current;
        if (AtSymbol("("))
        {
            Next();
            var inner = ParseOr();
            if (!AtSymbol(")")) throw Fail(Current.Pos, "ExprMissingParen");
            Next();
            return inner;
        }
        if (AtSymbol("!") || AtWord("negate"))
        {
            Next();
            return new UnaryExpression(UnaryOperator.Negate, ParseFactor());
        }
        if (AtSymbol("["))
        {
            Next();
            var items = new List<Expression>();
            if (!AtSymbol("]"))
            {
                items.Add(ParseOr());
                while (AtSymbol(","))
                {
                    Next();
                    items.Add(ParseOr());
                }
            }
            if (!AtSymbol("]")) throw Fail(Current.Pos, "ExprMissingBracket");
            Next();
            return new ArrayExpression(items);
        }
        var atom = ParseAtom();
        if (AtWord("empty") || AtWord("notempty"))
        {
            var op = Next().Text.Equals("empty", StringComparison.OrdinalIgnoreCase) ? UnaryOperator.Empty : UnaryOperator.NotEmpty;
            return new UnaryExpression(op, atom);
        }
        return atom;
    }

    private Expression ParseAtom()
    {
        var t = Current;
        switch (t.Type)
        {
            case T.Variable:
                Next();
                return new VariableExpression(t.Text, t.Pos);
            case T.String:
                Next();
                return new ConstantExpression(JsValue.Of(t.Text));
            case T.Number:
                Next();
                return new ConstantExpression(JsValue.Of(t.Number));
            case T.Word when t.Text is "undefined" or "null":
                Next();
                return new ConstantExpression(JsValue.Null);
            case T.Word when t.Text.Equals("true", StringComparison.OrdinalIgnoreCase):
                Next();
                return new ConstantExpression(JsValue.True);
            case T.Word when t.Text.Equals("false", StringComparison.OrdinalIgnoreCase):
                Next();
                return new ConstantExpression(JsValue.False);
            case T.Word when !ReservedWords.Contains(t.Text) && !ComparisonWords.ContainsKey(t.Text) && !FunctionWords.ContainsKey(t.Text):
                Next();
                if (AtSymbol("(")) return ParseCall(t);
                // SurveyJS reads a bare word as a constant: {q} = yes means {q} = 'yes'.
                return new ConstantExpression(JsOperators.CorrectValue(JsValue.Of(t.Text)));
            case T.End:
                throw Fail(t.Pos, "ExprUnexpectedEnd");
            default:
                throw Fail(t.Pos, "ExprUnexpected", t.Text);
        }
    }

    private Expression ParseCall(Token name)
    {
        if (!ExpressionFunctions.Exists(name.Text))
            throw Fail(name.Pos, "ExprUnknownFunction", name.Text, string.Join(", ", ExpressionFunctions.Names));
        Next(); // (
        var args = new List<Expression>();
        if (!AtSymbol(")"))
        {
            args.Add(ParseOr());
            while (AtSymbol(","))
            {
                Next();
                args.Add(ParseOr());
            }
        }
        if (!AtSymbol(")")) throw Fail(Current.Pos, "ExprMissingParen");
        Next();
        return new FunctionExpression(name.Text, args);
    }

    // Whether a '-' here follows a value, and so subtracts, rather than starting a negative number.
    private bool AfterOperand => _tokens.Count > 0 && _tokens[^1] switch
    {
        { Type: T.Variable or T.String or T.Number } => true,
        { Type: T.Symbol, Text: ")" or "]" } => true,
        { Type: T.Word } w => !ReservedWords.Contains(w.Text) && !ComparisonWords.ContainsKey(w.Text) && !FunctionWords.ContainsKey(w.Text),
        _ => false,
    };

    private void Tokenize()
    {
        var i = 0;
        var s = _text;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) break;
            var start = i;
            var c = s[i];
            if (c == '{')
            {
                var close = s.IndexOf('}', i + 1);
                var nextOpen = s.IndexOf('{', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close)) throw Fail(start, "ExprUnclosedVariable");
                var name = s[(i + 1)..close].Trim();
                if (name.Length == 0) throw Fail(start, "ExprEmptyVariable");
                _tokens.Add(new Token(T.Variable, name, start));
                i = close + 1;
            }
            else if (c is '\'' or '"')
            {
                var sb = new StringBuilder();
                i++;
                var closed = false;
                while (i < s.Length)
                {
                    if (s[i] == '\\' && i + 1 < s.Length && (s[i + 1] is '\'' or '"'))
                    {
                        sb.Append(s[i + 1]);
                        i += 2;
                        continue;
                    }
                    if (s[i] is '\'' or '"')
                    {
                        closed = s[i] == c;
                        if (!closed) throw Fail(i, "ExprUnclosedString");
                        i++;
                        break;
                    }
                    sb.Append(s[i++]);
                }
                if (!closed) throw Fail(start, "ExprUnclosedString");
                _tokens.Add(new Token(T.String, sb.ToString(), start));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && !AfterOperand && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                if (c == '-') i++;
                var numStart = i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                }
                var value = double.Parse(s[numStart..i], CultureInfo.InvariantCulture);
                if (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '_')) throw Fail(start, "ExprBadNumber", ReadWordFrom(start));
                _tokens.Add(new Token(T.Number, s[start..i], start, c == '-' ? -value : value));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
                _tokens.Add(new Token(T.Word, s[start..i], start));
            }
            else
            {
                string? symbol = null;
                foreach (var candidate in new[] { "<=", ">=", "==", "!=", "&&", "||", "*=", "=", "<", ">", "!", "(", ")", "[", "]", ",", "+", "-", "*", "/", "%", "^" })
                {
                    if (string.CompareOrdinal(s, i, candidate, 0, candidate.Length) == 0)
                    {
                        symbol = candidate;
                        break;
                    }
                }
                if (symbol is null) throw Fail(start, "ExprUnexpected", c.ToString());
                _tokens.Add(new Token(T.Symbol, symbol, start));
                i += symbol.Length;
            }
        }
        _tokens.Add(new Token(T.End, "", s.Length));
    }

    private string ReadWordFrom(int start)
    {
        var end = start;
        while (end < _text.Length && !char.IsWhiteSpace(_text[end])) end++;
        return _text[start..end];
    }
}

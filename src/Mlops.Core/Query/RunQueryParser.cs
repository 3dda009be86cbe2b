namespace Mlops;

/// <summary>
/// The run filter language, the same in directives, C# and the CLI:
/// <c>metrics.auc &gt; 0.9 and (params.trainer in ('sdca','lbfgs') or tags.stage = 'prod')</c>.
/// Conditions: <c>= != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>, <c>[not] in (...)</c>, <c>[not] like '%x%'</c>, <c>is [not] null</c>;
/// combined with <c>and</c>, <c>or</c>, <c>not</c> and parentheses. Fields: <c>params.k</c>, <c>metrics.k</c> (latest value),
/// <c>tags.k</c>, and name, status, experiment, start_time, end_time, duration (seconds), run_id, parent. Keys with other
/// characters go in backticks: <c>params.`my key`</c>. A mistake is reported with a caret under where it is.
/// </summary>
public static class RunQueryParser
{
    /// <summary>Parses a filter.</summary>
    /// <exception cref="MlopsException">InvalidArgument showing the filter with a caret at the mistake.</exception>
    public static FilterNode ParseFilter(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Error(text ?? "", 0, "the filter is empty; write a condition such as metrics.auc > 0.9");
        var parser = new Parser(text, FilterLexer.Tokenize(text));
        var node = parser.Or();
        parser.Expect(FilterTokenKind.End, "expected 'and', 'or' or the end of the filter");
        return node;
    }

    /// <summary>Parses sort keys: <c>metrics.auc desc, start_time</c>.</summary>
    /// <exception cref="MlopsException">InvalidArgument showing the order with a caret at the mistake.</exception>
    public static IReadOnlyList<RunOrder> ParseOrder(string text)
    {
        const string Prefix = "invalid filter:";
        try
        {
            if (string.IsNullOrWhiteSpace(text)) throw Error(text ?? "", 0, "the order is empty; write keys such as \"metrics.auc desc, start_time\"");
            var parser = new Parser(text, FilterLexer.Tokenize(text));
            var keys = new List<RunOrder>();
            do
            {
                var field = parser.Field();
                var descending = false;
                if (parser.TryKeyword("desc")) descending = true;
                else parser.TryKeyword("asc");
                keys.Add(new RunOrder(field, descending));
            }
            while (parser.TryTake(FilterTokenKind.Comma));
            parser.Expect(FilterTokenKind.End, "expected ',' or the end of the order (keys are 'field [asc|desc]')");
            return keys;
        }
        catch (MlopsException e) when (e.Message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new MlopsException(e.Kind, "invalid sort order:" + e.Message[Prefix.Length..]);
        }
    }

    internal static MlopsException Error(string text, int position, string message) =>
        new(MlopsErrorKind.InvalidArgument, $"invalid filter: {message}\n  {text}\n  {new string(' ', Math.Clamp(position, 0, text.Length))}^");

    /// <summary>Parses a filter whose fields are the columns of a dataset version (see <see cref="DatasetQueryParser"/>).</summary>
    internal static FilterNode ParseColumnFilter(string text, IReadOnlyList<TableColumn> columns, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Error(text ?? "", 0, "the filter is empty; write a condition on the columns such as price > 100");
        var parser = new Parser(text, FilterLexer.Tokenize(text)) { Columns = columns, ColumnsOf = what };
        var node = parser.Or();
        parser.Expect(FilterTokenKind.End, "expected 'and', 'or' or the end of the filter");
        return node;
    }

    private sealed class Parser(string text, List<FilterToken> tokens)
    {
        /// <summary>When set, fields are these columns (a dataset filter) instead of a run's params, metrics, tags and attributes.</summary>
        public IReadOnlyList<TableColumn>? Columns { get; init; }

        public string ColumnsOf { get; init; } = "";

        private int _at;

        private FilterToken Current => tokens[_at];

        public FilterNode Or()
        {
            var left = And();
            while (TryKeyword("or")) left = new OrNode(left, And());
            return left;
        }

        private FilterNode And()
        {
            var left = Not();
            while (TryKeyword("and")) left = new AndNode(left, Not());
            return left;
        }

        private FilterNode Not()
        {
            if (TryKeyword("not")) return new NotNode(Not());
            if (TryTake(FilterTokenKind.LeftParen))
            {
                var inner = Or();
                Expect(FilterTokenKind.RightParen, "expected ')' to close the '('");
                return inner;
            }
            return Condition();
        }

        private FilterNode Condition()
        {
            var field = Field();
            if (TryKeyword("is"))
            {
                var negated = TryKeyword("not");
                ExpectKeyword("null", "expected 'null' after 'is'");
                return new IsNullNode(field, negated);
            }
            var not = TryKeyword("not");
            if (TryKeyword("in"))
            {
                Expect(FilterTokenKind.LeftParen, "expected '(' after 'in', e.g. in ('a', 'b')");
                var values = new List<object> { Value() };
                while (TryTake(FilterTokenKind.Comma)) values.Add(Value());
                Expect(FilterTokenKind.RightParen, "expected ',' or ')' in the list");
                return new InNode(field, values, not);
            }
            if (TryKeyword("like"))
            {
                if (Current.Kind != FilterTokenKind.String) throw Error(text, Current.Position, "expected a 'quoted pattern' after 'like'");
                return new LikeNode(field, (string)tokens[_at++].Value!, not);
            }
            if (not) throw Error(text, Current.Position, "expected 'in' or 'like' after 'not'");
            if (Current.Kind != FilterTokenKind.Operator)
                throw Error(text, Current.Position, $"expected a comparison after {field} (= != < <= > >=, in, like, is null)");
            var op = tokens[_at++].Text switch
            {
                "=" => CompareOp.Equal,
                "!=" or "<>" => CompareOp.NotEqual,
                "<" => CompareOp.Less,
                "<=" => CompareOp.LessOrEqual,
                ">" => CompareOp.Greater,
                _ => CompareOp.GreaterOrEqual,
            };
            return new CompareNode(field, op, Value());
        }

        public RunField Field()
        {
            if (Columns is not null) return Column();
            var start = Current;
            if (start.Kind != FilterTokenKind.Identifier)
                throw Error(text, start.Position, $"expected a field such as params.lr, metrics.auc, tags.stage or {string.Join(", ", RunField.Attributes)}");
            _at++;
            var name = (string)start.Value!;
            var kind = name.ToLowerInvariant() switch
            {
                "params" or "param" => RunFieldKind.Param,
                "metrics" or "metric" => RunFieldKind.Metric,
                "tags" or "tag" => RunFieldKind.Tag,
                _ => RunFieldKind.Attribute,
            };
            if (kind == RunFieldKind.Attribute)
            {
                var attribute = name.ToLowerInvariant();
                return RunField.Attributes.Contains(attribute) ? new RunField(RunFieldKind.Attribute, attribute)
                    : throw Error(text, start.Position, $"unknown field '{name}'; use params.<key>, metrics.<key>, tags.<key> or {string.Join(", ", RunField.Attributes)}");
            }
            Expect(FilterTokenKind.Dot, $"expected '.' and a key after '{name}', e.g. {name}.lr");
            if (Current.Kind != FilterTokenKind.Identifier) throw Error(text, Current.Position, $"expected a key after '{name}.'");
            var key = (string)tokens[_at++].Value!;
            while (Current.Kind == FilterTokenKind.Dot && tokens[_at + 1].Kind is FilterTokenKind.Identifier or FilterTokenKind.Number)
            {
                _at++;
                key += "." + tokens[_at++].Text;   // dotted keys: metrics.val.loss
            }
            return new RunField(kind, key);
        }

        private RunField Column()
        {
            var start = Current;
            var names = string.Join(", ", Columns!.Select(c => c.Name));
            if (start.Kind != FilterTokenKind.Identifier)
                throw Error(text, start.Position, $"expected a column of {ColumnsOf} ({names})");
            _at++;
            var name = (string)start.Value!;
            var column = Columns!.FirstOrDefault(c => c.Name == name) ?? Columns!.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            return column is not null ? new RunField(RunFieldKind.Column, column.Name)
                : throw Error(text, start.Position, $"{ColumnsOf} has no column '{name}'; its columns are {names} (a name with other characters goes in `backticks`)");
        }

        private object Value()
        {
            var token = Current;
            if (token.Kind is FilterTokenKind.Number or FilterTokenKind.String)
            {
                _at++;
                return token.Value!;
            }
            throw Error(text, token.Position, "expected a value: a number, or text in 'single quotes'");
        }

        public bool TryKeyword(string keyword)
        {
            if (Current.Kind != FilterTokenKind.Identifier || Current.Text.StartsWith('`') || !Current.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase)) return false;
            _at++;
            return true;
        }

        private void ExpectKeyword(string keyword, string message)
        {
            if (!TryKeyword(keyword)) throw Error(text, Current.Position, message);
        }

        public bool TryTake(FilterTokenKind kind)
        {
            if (Current.Kind != kind) return false;
            _at++;
            return true;
        }

        public void Expect(FilterTokenKind kind, string message)
        {
            if (!TryTake(kind)) throw Error(text, Current.Position, Current.Kind == FilterTokenKind.End ? message + " (the filter ended)" : $"{message}, found '{Current.Text}'");
        }
    }
}

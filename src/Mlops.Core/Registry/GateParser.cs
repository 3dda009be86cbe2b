using System.Globalization;

namespace Mlops;

/// <summary>Recursive descent over gate tokens: or → and → (group | comparison); comparison → sum op sum; sum → product (± product)*.</summary>
internal sealed class GateParser(string text, List<GateToken> tokens, string alias, IReadOnlyCollection<string> metricNames, IReadOnlyDictionary<string, string> shortNames)
{
    private int _at;

    public SortedSet<string> Used { get; } = new(StringComparer.Ordinal);

    private GateToken Current => tokens[_at];

    public GateNode Parse()
    {
        var node = Or();
        if (Current.Kind != GateTokenKind.End)
            throw Gate.Error(text, Current.Position, $"expected 'and', 'or' or the end of the gate, found '{Current.Text}'");
        return node;
    }

    private GateNode Or()
    {
        var left = And();
        while (Take(GateTokenKind.Or)) left = new GateOr(left, And());
        return left;
    }

    private GateNode And()
    {
        var left = Primary();
        while (Take(GateTokenKind.And)) left = new GateAnd(left, Primary());
        return left;
    }

    private GateNode Primary()
    {
        // a parenthesis opens a group of conditions when a comparison is inside it, else an arithmetic term
        if (Current.Kind == GateTokenKind.Open && GroupHoldsComparison())
        {
            _at++;
            var inner = Or();
            Expect(GateTokenKind.Close, "expected ')'");
            return inner;
        }
        var start = Current.Position;
        var left = Sum();
        if (Current.Kind != GateTokenKind.Compare)
            throw Gate.Error(text, Current.Position, $"expected a comparison (>=, <=, >, <, =, !=) after '{text[start..Current.Position].Trim()}'");
        var op = Current.Text;
        _at++;
        var right = Sum();
        return new GateComparison(left, op, right, text[start..Current.Position].Trim());
    }

    private GateValue Sum()
    {
        var left = Product();
        while (Current.Kind is GateTokenKind.Plus or GateTokenKind.Minus)
        {
            var op = Current.Text[0];
            _at++;
            left = new GateArithmetic(left, op, Product());
        }
        return left;
    }

    private GateValue Product()
    {
        var left = Unary();
        while (Current.Kind is GateTokenKind.Times or GateTokenKind.Divide)
        {
            var op = Current.Text[0];
            _at++;
            left = new GateArithmetic(left, op, Unary());
        }
        return left;
    }

    private GateValue Unary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case GateTokenKind.Minus:
                _at++;
                return new GateArithmetic(new GateNumber(0), '-', Unary());
            case GateTokenKind.Number:
                _at++;
                return new GateNumber(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case GateTokenKind.Open:
                _at++;
                var inner = Sum();
                Expect(GateTokenKind.Close, "expected ')'");
                return inner;
            case GateTokenKind.Name:
                _at++;
                return Metric(token);
            default:
                throw Gate.Error(text, token.Position, token.Kind == GateTokenKind.End
                    ? "expected a metric or a number at the end"
                    : $"expected a metric or a number, found '{token.Text}'");
        }
    }

    private GateMetric Metric(GateToken token)
    {
        var name = token.Text;
        var dot = name.LastIndexOf('.');
        var incumbent = false;
        if (dot >= 0)
        {
            var owner = name[..dot];
            if (owner == alias) incumbent = true;
            else if (owner != "candidate")
                throw Gate.Error(text, token.Position,
                    $"'{owner}' is not a model here: a gate compares the candidate ({name[(dot + 1)..]}) with the model holding the alias it moves ({alias}.{name[(dot + 1)..]})");
            name = name[(dot + 1)..];
        }
        var lower = name.ToLowerInvariant(); // AUC and auc alike
        var metric = shortNames.TryGetValue(lower, out var full) ? full : lower;
        if (!metricNames.Contains(metric))
        {
            var known = string.Join(", ", metricNames.Order(StringComparer.Ordinal).Select(m => shortNames.FirstOrDefault(s => s.Value == m).Key is { } s ? $"{m} ({s})" : m));
            throw Gate.Error(text, token.Position + (dot >= 0 ? dot + 1 : 0), $"unknown metric '{name}'; the metrics are {known}");
        }
        Used.Add(metric);
        return new GateMetric(metric, incumbent, token.Text);
    }

    private bool GroupHoldsComparison()
    {
        var depth = 0;
        for (var i = _at; i < tokens.Count; i++)
        {
            switch (tokens[i].Kind)
            {
                case GateTokenKind.Open: depth++; break;
                case GateTokenKind.Close:
                    if (--depth == 0) return false;
                    break;
                case GateTokenKind.Compare or GateTokenKind.And or GateTokenKind.Or:
                    return true;
            }
        }
        return false;
    }

    private bool Take(GateTokenKind kind)
    {
        if (Current.Kind != kind) return false;
        _at++;
        return true;
    }

    private void Expect(GateTokenKind kind, string message)
    {
        if (!Take(kind)) throw Gate.Error(text, Current.Position, $"{message}, found '{(Current.Kind == GateTokenKind.End ? "the end" : Current.Text)}'");
    }
}

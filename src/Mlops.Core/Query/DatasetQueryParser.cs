namespace Mlops;

/// <summary>
/// The dataset filter language, for <c>#!dataset load --where</c>, <c>mlops dataset load --where</c> and
/// <c>MLOps.Datasets.Load(..., where:)</c>: the run filter language's conditions on a version's columns,
/// <c>price &gt; 100 and city in ('Oslo', 'Bergen')</c>. Conditions: <c>= != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>,
/// <c>[not] in (...)</c>, <c>[not] like '%x%'</c>, <c>is [not] null</c>; combined with <c>and</c>, <c>or</c>, <c>not</c> and
/// parentheses. Values are numbers or 'quoted text' (a date or time as text: <c>sold &gt;= '2024-01-01'</c>); a column
/// name with other characters goes in backticks. It is a tree of parameters for the engine, never SQL text.
/// </summary>
public static class DatasetQueryParser
{
    /// <summary>Parses a filter on the columns of <paramref name="version"/>.</summary>
    /// <exception cref="MlopsException">InvalidArgument showing the filter with a caret at the mistake, or naming the
    /// columns when one is unknown.</exception>
    public static FilterNode ParseFilter(string text, DatasetVersion version) =>
        RunQueryParser.ParseColumnFilter(text, version.Columns, version.Label);
}

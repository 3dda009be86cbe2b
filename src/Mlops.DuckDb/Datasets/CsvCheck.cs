using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Mlops.DuckDb;

/// <summary>
/// Checks a delimited file's shape before DuckDB reads it, because DuckDB's reader is lenient where a user needs to
/// hear about it: it pads short rows, folds long ones, and may take a later line as the header. The first line is the
/// header; the delimiter is the one of , tab ; | that the header and the next lines agree on (tab for .tsv); values
/// may be quoted with " (a doubled "" inside is a quote). Every record must have as many fields as the header.
/// Blank lines are skipped. Reads about 1 GB/s.
/// </summary>
internal static class CsvCheck
{
    private static readonly byte[] Candidates = [(byte)',', (byte)'\t', (byte)';', (byte)'|'];

    /// <summary>The dialect DuckDB is then told to read with, so it does not guess another.</summary>
    public sealed record Dialect(char Delimiter, int Columns);

    /// <summary>The delimiter <see cref="Check"/> will check the file with, from its first 64 KB (tab for .tsv).</summary>
    public static char DelimiterOf(string path)
    {
        if (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)) return '\t';
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var head = new byte[Math.Min(stream.Length, 1 << 16)];
        stream.ReadExactly(head);
        return (char)Guess(head);
    }

    /// <exception cref="MlopsException">InvalidArgument naming the first malformed line, what it holds and what was expected.</exception>
    /// <param name="path">The file.</param>
    /// <param name="description">How messages name it.</param>
    /// <param name="delimiterChar">The delimiter <see cref="DelimiterOf"/> found.</param>
    public static Dialect Check(string path, string description, char delimiterChar)
    {
        var delimiter = (byte)delimiterChar;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var scanner = new Scanner(delimiter);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
            if (scanner.Feed(buffer.AsSpan(0, read)) is { } bad) throw Malformed(path, description, bad, scanner);
        if (scanner.Finish() is { } last) throw Malformed(path, description, last, scanner);
        if (scanner.HeaderFields == 0) throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{description} is empty; a CSV needs a header line naming its columns.");
        return new Dialect((char)delimiter, scanner.HeaderFields);
    }

    // the header decides: the candidate that splits it into the most fields (a tie goes to the one the next lines
    // agree with, then to the earlier candidate)
    private static byte Guess(ReadOnlySpan<byte> head)
    {
        var best = (byte)',';
        var bestFields = 1;
        var bestConsistent = false;
        foreach (var candidate in Candidates)
        {
            var scanner = new Scanner(candidate) { StopAfter = 20 };
            scanner.Feed(head);
            var fields = scanner.HeaderFields > 0 ? scanner.HeaderFields : scanner.PendingFields;
            if (fields > bestFields || (fields == bestFields && scanner.Consistent && !bestConsistent))
                (best, bestFields, bestConsistent) = (candidate, fields, scanner.Consistent);
        }
        return best;
    }

    private static MlopsException Malformed(string path, string description, Problem bad, Scanner scanner)
    {
        var text = Line(path, bad.Line);
        var delimiter = scanner.Delimiter == '\t' ? "tab" : $"'{(char)scanner.Delimiter}'";
        var what = bad.Fields is null
            ? $"opens a quoted value (\") that never closes"
            : $"has {bad.Fields} field{(bad.Fields == 1 ? "" : "s")} where the header (line 1) has {scanner.HeaderFields}, separated by {delimiter}";
        return new MlopsException(MlopsErrorKind.InvalidArgument,
            $"{description} is not a well-formed CSV: line {bad.Line:N0} {what}: {text}. Nothing was committed. " +
            "Fix that line (a value holding the delimiter, a quote or a line break must be quoted), then commit again.");
    }

    private static string Line(string path, long number)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        for (long i = 1; reader.ReadLine() is { } line; i++)
            if (i == number) return line.Length > 120 ? $"\"{line[..120]}…\"" : $"\"{line}\"";
        return "(end of file)";
    }

    private sealed record Problem(long Line, int? Fields);

    /// <summary>A byte-at-a-time state machine over the file, fed in buffers; skips runs of plain bytes with IndexOfAny.</summary>
    private sealed class Scanner(byte delimiter)
    {
        private readonly SearchValues<byte> _special = SearchValues.Create([delimiter, (byte)'"', (byte)'\n', (byte)'\r']);
        private long _line = 1;
        private long _recordLine = 1;
        private long _records;
        private int _fields = 1;
        private bool _quoted;
        private bool _quoteSeen;   // a quote inside a quoted value: either the end or the first of a doubled ""
        private bool _blank = true;
        private bool _lastWasCr;
        private bool _bomChecked;

        public byte Delimiter { get; } = delimiter;

        public int HeaderFields { get; private set; }

        /// <summary>Fields of the record being read (the header, when the head holds no line break).</summary>
        public int PendingFields => _fields;

        public bool Consistent { get; private set; } = true;

        public int StopAfter { get; init; } = int.MaxValue;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Problem? Feed(ReadOnlySpan<byte> data)
        {
            if (!_bomChecked)
            {
                _bomChecked = true;
                if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) data = data[3..];
            }
            var i = 0;
            while (i < data.Length)
            {
                if (!_quoted && !_quoteSeen)
                {
                    var next = data[i..].IndexOfAny(_special);
                    if (next < 0) { _blank = false; _lastWasCr = false; return null; }
                    if (next > 0) { _blank = false; _lastWasCr = false; }
                    i += next;
                }
                var b = data[i++];
                if (_quoteSeen)
                {
                    _quoteSeen = false;
                    if (b == '"') { _quoted = true; continue; }   // "" inside quotes
                    _quoted = false;                              // the closing quote; b is read as outside
                }
                if (_quoted)
                {
                    if (b == '"') { _quoted = false; _quoteSeen = true; }
                    else if (b == '\n') _line++;
                    continue;
                }
                if (b == '"') { _quoted = true; _blank = false; _lastWasCr = false; }
                else if (b == Delimiter) { _fields++; _blank = false; _lastWasCr = false; }
                else if (b == '\r') { if (EndRecord() is { } p) return p; _lastWasCr = true; }
                else if (b == '\n')
                {
                    if (_lastWasCr) { _lastWasCr = false; continue; }   // the \n of \r\n
                    if (EndRecord() is { } p) return p;
                }
                if (_records >= StopAfter) return null;
            }
            return null;
        }

        public Problem? Finish()
        {
            if (_quoted) return new Problem(_recordLine, null);
            return _blank ? null : EndRecord();
        }

        private Problem? EndRecord()
        {
            var fields = _fields;
            var blank = _blank;
            var line = _recordLine;
            _line++;
            _recordLine = _line;
            _fields = 1;
            _blank = true;
            if (blank) return null;
            _records++;
            if (HeaderFields == 0) { HeaderFields = fields; return null; }
            if (fields == HeaderFields) return null;
            Consistent = false;
            return new Problem(line, fields);
        }
    }
}

using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Mlops;

/// <summary>
/// A version's digest: the same content has the same digest on every engine and release. It is SHA-256 of the text
/// <c>mlops-dataset-v2</c>, then one line per column in name order (ordinal) as <c>name:type</c> with the type in its
/// canonical form (<see cref="ColumnTypes.Canonical"/>), then the row count, then the sum of the row hashes
/// (<see cref="RowEncoder"/>) of every row, counted as often as it occurs, modulo 2^128, as 32 lowercase hex digits;
/// lines end with <c>\n</c>. The sum makes it independent of row order and sensitive to duplicates.
/// </summary>
public static class DatasetDigest
{
    private static readonly BigInteger Modulus = BigInteger.One << 128;

    /// <summary>The digest of <paramref name="rows"/> rows of <paramref name="columns"/> whose row hashes sum to <paramref name="sum"/>.</summary>
    public static string Of(IEnumerable<TableColumn> columns, long rows, UInt128 sum)
    {
        var text = new StringBuilder("mlops-dataset-v2\n");
        foreach (var column in columns.OrderBy(c => c.Name, StringComparer.Ordinal))
            text.Append(column.Name).Append(':').Append(ColumnTypes.Canonical(column.Type)).Append('\n');
        text.Append(rows.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(sum.ToString("x32", CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The sum modulo 2^128 from the exact sums of the high and low 64-bit halves of the row hashes, as engines compute them.</summary>
    public static UInt128 Sum(BigInteger highHalves, BigInteger lowHalves)
    {
        var total = ((highHalves << 64) + lowHalves) % Modulus;
        if (total.Sign < 0) total += Modulus;
        var bytes = total.ToByteArray(isUnsigned: true, isBigEndian: false);
        Span<byte> padded = stackalloc byte[16];
        bytes.AsSpan(0, Math.Min(bytes.Length, 16)).CopyTo(padded);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(padded);
    }
}

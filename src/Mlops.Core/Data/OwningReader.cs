using System.Collections;
using System.Data.Common;

namespace Mlops;

/// <summary>
/// A reader that keeps what it reads from (a command, a held store file, a private mirror) until it is disposed, then
/// disposes those owners in the order given, after the reader itself.
/// </summary>
public sealed class OwningReader(DbDataReader inner, params IDisposable[] owners) : DbDataReader
{
#pragma warning disable CS1591 // DbDataReader's members, delegated unchanged: their documentation is DbDataReader's
    public override int FieldCount => inner.FieldCount;
    public override object this[int ordinal] => inner[ordinal];
    public override object this[string name] => inner[name];
    public override int RecordsAffected => inner.RecordsAffected;
    public override bool HasRows => inner.HasRows;
    public override bool IsClosed => inner.IsClosed;
    public override int Depth => inner.Depth;

    public override bool Read() => inner.Read();
    public override bool NextResult() => inner.NextResult();
    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
    public override char GetChar(int ordinal) => inner.GetChar(ordinal);
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
    public override string GetName(int ordinal) => inner.GetName(ordinal);
    public override int GetOrdinal(string name) => inner.GetOrdinal(name);
    public override string GetString(int ordinal) => inner.GetString(ordinal);
    public override object GetValue(int ordinal) => inner.GetValue(ordinal);
    public override int GetValues(object[] values) => inner.GetValues(values);
    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
    public override IEnumerator GetEnumerator() => inner.GetEnumerator();
    public override System.Data.DataTable? GetSchemaTable() => inner.GetSchemaTable();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            foreach (var owner in owners) owner.Dispose();
        }
        base.Dispose(disposing);
    }
#pragma warning restore CS1591
}

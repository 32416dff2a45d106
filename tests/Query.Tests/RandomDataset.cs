using System.Globalization;
using OrleansVector.Query.Columns;
using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Tests;

/// <summary>
/// A seeded random dataset for the property test, kept both as columns (for the evaluator) and as plain row
/// objects (for the reference interpreter). JSON rows hold an optional key "x" whose value is an integer, a
/// non-integral double, a string, a boolean or JSON null.
/// </summary>
internal sealed class RandomDataset
{
    public static readonly string[] Strings = ["", "a", "ab", "abc", "b", "ba", "é", "éa", "日本", "a_b", "A", "z%", "a%b"];

    public static readonly CollectionSchema Schema = new(
    [
        new FieldSchema("id", DataType.Int64) { IsPrimaryKey = true },
        new FieldSchema("a", DataType.Int32) { Nullable = true },
        new FieldSchema("b", DataType.Int64),
        new FieldSchema("c", DataType.Int8),
        new FieldSchema("d", DataType.Double) { Nullable = true },
        new FieldSchema("s", DataType.VarChar) { Nullable = true },
        new FieldSchema("f", DataType.Bool) { Nullable = true },
        new FieldSchema("j", DataType.Json) { Nullable = true },
        new FieldSchema("arr", DataType.Array) { ElementType = DataType.Int64 },
    ]);

    public RandomDataset(Random random, int rows)
    {
        RowCount = rows;
        A = new int?[rows];
        B = new long[rows];
        C = new sbyte[rows];
        D = new double?[rows];
        S = new string?[rows];
        F = new bool?[rows];
        J = new Json?[rows];
        Arr = new long[rows][];
        for (var i = 0; i < rows; i++)
        {
            A[i] = random.Next(5) == 0 ? null : random.Next(-20, 21);
            B[i] = random.Next(-1000, 1001);
            C[i] = (sbyte)random.Next(-128, 128);
            D[i] = random.Next(5) == 0 ? null : random.Next(-20, 21) / 4.0;
            S[i] = random.Next(6) == 0 ? null : Strings[random.Next(Strings.Length)];
            F[i] = random.Next(4) == 0 ? null : random.Next(2) == 0;
            J[i] = random.Next(6) == 0 ? null : new Json(random.Next(7) switch
            {
                0 => Json.Absent,
                1 => null,
                2 => random.Next(-5, 6) + 0.5,
                3 => Strings[random.Next(Strings.Length)],
                4 => random.Next(2) == 0,
                _ => (long)random.Next(-5, 6),
            });
            Arr[i] = [.. Enumerable.Range(0, random.Next(5)).Select(_ => (long)random.Next(-3, 4))];
        }

        Batch = new ColumnBatch(rows, new Dictionary<string, Column>
        {
            ["id"] = TestColumns.Of([.. Enumerable.Range(0, rows).Select(i => (long)i)]),
            ["a"] = TestColumns.Nullable(A),
            ["b"] = TestColumns.Of(B),
            ["c"] = TestColumns.Of(C),
            ["d"] = TestColumns.Nullable(D),
            ["s"] = TestColumns.Strings(S),
            ["f"] = TestColumns.Nullable(F),
            ["j"] = TestColumns.Strings([.. J.Select(j => j?.Text)]),
            ["arr"] = TestColumns.Arrays(Arr),
        });
    }

    public int RowCount { get; }

    public int?[] A { get; }

    public long[] B { get; }

    public sbyte[] C { get; }

    public double?[] D { get; }

    public string?[] S { get; }

    public bool?[] F { get; }

    public Json?[] J { get; }

    public long[][] Arr { get; }

    public ColumnBatch Batch { get; }

    /// <summary>A JSON object with key "x" holding <see cref="X"/> (<see cref="Absent"/>: no key; null: JSON null).</summary>
    public sealed record Json(object? X)
    {
        public static readonly object Absent = new();

        public bool HasX => !ReferenceEquals(X, Absent);

        public string Text => !HasX ? "{}" : "{\"x\":" + X switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            string s => "\"" + s + "\"",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(X, CultureInfo.InvariantCulture),
        } + "}";
    }
}

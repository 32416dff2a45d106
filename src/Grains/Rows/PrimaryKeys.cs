using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Routing;

namespace OrleansVector.Grains.Rows;

/// <summary>The primary keys of a set of rows: Int64 or VarChar, as Milvus allows.</summary>
internal sealed class PrimaryKeys
{
    private PrimaryKeys(long[]? longs, string[]? strings)
    {
        Longs = longs;
        Strings = strings;
    }

    public long[]? Longs { get; }

    public string[]? Strings { get; }

    public int Count => Longs?.Length ?? Strings!.Length;

    public static PrimaryKeys Of(long[] keys) => new(keys, null);

    public static PrimaryKeys Of(string[] keys) => new(null, keys);

    /// <summary>The keys of a primary-key column (Int64 long_data or VarChar string_data).</summary>
    public static PrimaryKeys FromColumn(FieldData column) => column.Scalars?.DataCase switch
    {
        ScalarField.DataOneofCase.LongData => Of([.. column.Scalars.LongData.Data]),
        ScalarField.DataOneofCase.StringData => Of([.. column.Scalars.StringData.Data]),
        _ => throw new ArgumentException($"Column '{column.FieldName}' is not an Int64 or VarChar primary-key column.", nameof(column)),
    };

    public static PrimaryKeys FromIds(IDs ids) => ids.IdFieldCase switch
    {
        IDs.IdFieldOneofCase.IntId => Of([.. ids.IntId.Data]),
        IDs.IdFieldOneofCase.StrId => Of([.. ids.StrId.Data]),
        _ => Of(Array.Empty<long>()),
    };

    public int ShardOf(int row, ShardRouter router) => Longs is { } longs ? router.ShardOf(longs[row]) : router.ShardOf(Strings![row]);

    public string Format(int row) => Longs is { } longs ? longs[row].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{Strings![row]}\"";

    public IDs ToIds() => Longs is { } longs
        ? new IDs { IntId = new LongArray { Data = { longs } } }
        : new IDs { StrId = new StringArray { Data = { Strings! } } };

    public IDs ToIds(IEnumerable<int> rows) => Longs is { } longs
        ? new IDs { IntId = new LongArray { Data = { rows.Select(r => longs[r]) } } }
        : new IDs { StrId = new StringArray { Data = { rows.Select(r => Strings![r]) } } };

    /// <summary>The first row whose key repeats an earlier row's, with that earlier row; null when all differ.</summary>
    public (int First, int Repeat)? FindDuplicate()
    {
        if (Longs is { } longs)
        {
            return FindDuplicate(longs, EqualityComparer<long>.Default);
        }
        return FindDuplicate(Strings!, StringComparer.Ordinal);
    }

    private static (int, int)? FindDuplicate<T>(T[] keys, IEqualityComparer<T> comparer) where T : notnull
    {
        var seen = new Dictionary<T, int>(keys.Length, comparer);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!seen.TryAdd(keys[i], i))
            {
                return (seen[keys[i]], i);
            }
        }
        return null;
    }
}

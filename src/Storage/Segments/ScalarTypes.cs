namespace OrleansVector.Storage.Segments;

/// <summary>The CLR element type of each fixed-width scalar field type.</summary>
internal static class ScalarTypes
{
    public static FieldDataType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(bool) ? FieldDataType.Bool
        : typeof(T) == typeof(sbyte) ? FieldDataType.Int8
        : typeof(T) == typeof(short) ? FieldDataType.Int16
        : typeof(T) == typeof(int) ? FieldDataType.Int32
        : typeof(T) == typeof(long) ? FieldDataType.Int64
        : typeof(T) == typeof(float) ? FieldDataType.Float
        : typeof(T) == typeof(double) ? FieldDataType.Double
        : throw new ArgumentException($"{typeof(T).Name} is not a scalar field type; use bool, sbyte, short, int, long, float or double.");

    public static bool IsFixedWidth(FieldDataType type) =>
        type is FieldDataType.Bool or FieldDataType.Int8 or FieldDataType.Int16 or FieldDataType.Int32
            or FieldDataType.Int64 or FieldDataType.Float or FieldDataType.Double;
}

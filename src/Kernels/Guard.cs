namespace OrleansVector.Kernels;

/// <summary>Argument checks shared by the kernels; every failure names the parameter and the valid range.</summary>
internal static class Guard
{
    public static void Positive(int value, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be greater than 0.");
        }
    }

    public static void SameLength(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Dimension mismatch: {paramName} has {actual} elements, expected {expected}.", paramName);
        }
    }

    public static void AtLeast(int required, int actual, string paramName)
    {
        if (actual < required)
        {
            throw new ArgumentException($"{paramName} has room for {actual} elements, at least {required} are needed.", paramName);
        }
    }

    /// <summary>Checks that a row-major block holds whole rows of <paramref name="dim"/> elements and returns the row count.</summary>
    public static int Rows(int length, int dim, string paramName, string dimName = "dim")
    {
        Positive(dim, dimName);
        if (length % dim != 0)
        {
            throw new ArgumentException($"{paramName} has {length} elements, which is not a multiple of {dimName} = {dim}.", paramName);
        }

        return length / dim;
    }
}

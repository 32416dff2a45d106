namespace OrleansVector.Query.Planning;

/// <summary>Binary arithmetic, bitwise and shift operators.</summary>
internal enum ArithmeticOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    BitAnd,
    BitOr,
    BitXor,
    ShiftLeft,
    ShiftRight,
}

/// <summary>
/// The value of one arithmetic operation, shared by constant folding and the vector loops so both agree.
/// Int64 wraps on overflow (as C++ and Milvus do); division or modulo by zero, and shifts by a count outside
/// 0..63, give no value (the row compares false).
/// </summary>
internal static class Arithmetic
{
    public static bool TryApply(ArithmeticOp op, long a, long b, out long result)
    {
        result = 0;
        switch (op)
        {
            case ArithmeticOp.Add: result = unchecked(a + b); return true;
            case ArithmeticOp.Subtract: result = unchecked(a - b); return true;
            case ArithmeticOp.Multiply: result = unchecked(a * b); return true;
            case ArithmeticOp.BitAnd: result = a & b; return true;
            case ArithmeticOp.BitOr: result = a | b; return true;
            case ArithmeticOp.BitXor: result = a ^ b; return true;
            case ArithmeticOp.Divide:
                if (b == 0)
                {
                    return false;
                }

                result = b == -1 ? unchecked(-a) : a / b;
                return true;
            case ArithmeticOp.Modulo:
                if (b == 0)
                {
                    return false;
                }

                result = b == -1 ? 0 : a % b;
                return true;
            case ArithmeticOp.ShiftLeft:
                if ((ulong)b > 63)
                {
                    return false;
                }

                result = a << (int)b;
                return true;
            case ArithmeticOp.ShiftRight:
                if ((ulong)b > 63)
                {
                    return false;
                }

                result = a >> (int)b;
                return true;
            default:
                throw new InvalidOperationException($"{op} is not an Int64 operation.");
        }
    }

    public static double Apply(ArithmeticOp op, double a, double b) => op switch
    {
        ArithmeticOp.Add => a + b,
        ArithmeticOp.Subtract => a - b,
        ArithmeticOp.Multiply => a * b,
        ArithmeticOp.Divide => a / b,
        ArithmeticOp.Power => Math.Pow(a, b),
        _ => throw new InvalidOperationException($"{op} is not a Double operation."),
    };

    /// <summary>True for the operators that only take integers.</summary>
    public static bool IsIntegerOnly(ArithmeticOp op) =>
        op is ArithmeticOp.Modulo or ArithmeticOp.BitAnd or ArithmeticOp.BitOr or ArithmeticOp.BitXor or ArithmeticOp.ShiftLeft or ArithmeticOp.ShiftRight;

    public static string Symbol(ArithmeticOp op) => op switch
    {
        ArithmeticOp.Add => "+",
        ArithmeticOp.Subtract => "-",
        ArithmeticOp.Multiply => "*",
        ArithmeticOp.Divide => "/",
        ArithmeticOp.Modulo => "%",
        ArithmeticOp.Power => "**",
        ArithmeticOp.BitAnd => "&",
        ArithmeticOp.BitOr => "|",
        ArithmeticOp.BitXor => "^",
        ArithmeticOp.ShiftLeft => "<<",
        _ => ">>",
    };
}

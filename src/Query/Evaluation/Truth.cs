namespace OrleansVector.Query.Evaluation;

/// <summary>
/// A predicate's result over a batch, as Milvus keeps it: <see cref="Data"/> (the predicate holds) and
/// <see cref="Valid"/> (the row's operands were not null). Data implies Valid. <c>not</c> keeps null rows false;
/// <c>and</c>/<c>or</c> combine data bitwise and validity with OR, exactly as Milvus's segcore does.
/// </summary>
internal sealed class Truth(Memory<ulong> data, Memory<ulong> valid, int rows)
{
    public Span<ulong> Data => data.Span;

    /// <summary>Meaningful only when <see cref="AllValid"/> is false.</summary>
    public Span<ulong> Valid => valid.Span;

    /// <summary>True when every row is valid; <see cref="Valid"/> is then not maintained.</summary>
    public bool AllValid { get; private set; } = true;

    /// <summary>Takes the validity of an operand (empty = every row valid).</summary>
    public void SetValidity(ReadOnlySpan<ulong> validity)
    {
        if (validity.IsEmpty)
        {
            AllValid = true;
            return;
        }

        validity[..Valid.Length].CopyTo(Valid);
        Bits.ClearTail(Valid, rows);
        AllValid = false;
    }

    /// <summary>Takes the validity shared by two operands (a row is valid when both are).</summary>
    public void SetValidity(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right)
    {
        SetValidity(left.IsEmpty ? right : left);
        if (!left.IsEmpty && !right.IsEmpty)
        {
            Bits.And(Valid, right);
        }
    }

    /// <summary>Starts a per-row evaluation: no row holds, every row valid.</summary>
    public void Reset()
    {
        Data.Clear();
        AllValid = true;
    }

    /// <summary>Marks one row null (and therefore false).</summary>
    public void SetNull(int row)
    {
        if (AllValid)
        {
            Bits.SetAll(Valid, rows);
            AllValid = false;
        }

        Bits.Clear(Valid, row);
        Bits.Clear(Data, row);
    }

    /// <summary>Clears Data wherever a row is null.</summary>
    public void MaskDataByValidity()
    {
        if (!AllValid)
        {
            Bits.And(Data, Valid);
        }
    }

    /// <summary>Validity of this result merged with another by OR (Milvus's and/or rule).</summary>
    public void OrValidity(Truth other)
    {
        if (AllValid)
        {
            return;
        }

        if (other.AllValid)
        {
            AllValid = true;
            return;
        }

        Bits.Or(Valid, other.Valid);
    }

    /// <summary>Milvus <c>not</c>: flips the data and keeps null rows false.</summary>
    public void Negate()
    {
        if (AllValid)
        {
            var bits = Data;
            for (var i = 0; i < bits.Length; i++)
            {
                bits[i] = ~bits[i];
            }

            Bits.ClearTail(bits, rows);
        }
        else
        {
            Bits.NotAnd(Data, Valid);
        }
    }

    /// <summary>Rows where this result is not known to be false: true or null (what <c>and</c> must still look at).</summary>
    public void TrueOrNull(Span<ulong> destination)
    {
        Data.CopyTo(destination);
        if (!AllValid)
        {
            var valid = Valid;
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] |= ~valid[i];
            }

            Bits.ClearTail(destination, rows);
        }
    }
}

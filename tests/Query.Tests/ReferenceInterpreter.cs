using System.Text;
using System.Text.RegularExpressions;

namespace OrleansVector.Query.Tests;

/// <summary>
/// A deliberately plain row-at-a-time interpreter of <see cref="Pred"/> over <see cref="RandomDataset"/>, written
/// from Milvus's rules and sharing no code with the library: each predicate yields (holds, valid); a null operand
/// gives (false, false), a missing value (false, true); not = (!holds and valid, valid); and/or combine holds
/// bitwise and validity with OR.
/// </summary>
internal sealed class ReferenceInterpreter(RandomDataset data)
{
    private enum State
    {
        Present,
        Null,
        Missing,
    }

    private readonly record struct Num(State State, bool IsInt, long L, double D)
    {
        public double AsDouble => IsInt ? L : D;
    }

    public bool[] Evaluate(Pred predicate) => [.. Enumerable.Range(0, data.RowCount).Select(row => Eval(predicate, row).Holds)];

    private (bool Holds, bool Valid) Eval(Pred predicate, int row)
    {
        switch (predicate)
        {
            case Logic logic:
                {
                    var l = Eval(logic.Left, row);
                    var r = Eval(logic.Right, row);
                    var and = logic.Op is "and" or "&&" or "AND";
                    return (and ? l.Holds && r.Holds : l.Holds || r.Holds, l.Valid || r.Valid);
                }

            case Not not:
                {
                    var inner = Eval(not.Operand, row);
                    return (!inner.Holds && inner.Valid, inner.Valid);
                }

            case Compare compare:
                {
                    var l = Value(compare.Left, row);
                    var r = Value(compare.Right, row);
                    if (l.State == State.Null || r.State == State.Null)
                    {
                        return (false, false);
                    }

                    if (l.State == State.Missing || r.State == State.Missing)
                    {
                        return (false, true);
                    }

                    return (l.IsInt && r.IsInt ? Holds(compare.Op, l.L.CompareTo(r.L)) : HoldsDouble(compare.Op, l.AsDouble, r.AsDouble), true);
                }

            case InList list:
                {
                    var v = Value(list.Operand, row);
                    var result = v.State switch
                    {
                        State.Null => (false, false),
                        State.Missing => (false, true),
                        _ => (list.Items.Select(i => Value(i, row)).Any(i => v.IsInt && i.IsInt ? v.L == i.L : v.AsDouble == i.AsDouble), true),
                    };
                    return list.Negated ? (!result.Item1 && result.Item2, result.Item2) : result;
                }

            case StringCompare compare:
                {
                    var s = data.S[row];
                    return s is null ? (false, false) : (Holds(compare.Op, Utf8Order(s, compare.Constant ?? s)), true);
                }

            case StringIn @in:
                {
                    var s = data.S[row];
                    var holds = s is not null && @in.Items.Contains(s);
                    return Negate(@in.Negated, (holds, s is not null));
                }

            case Like like:
                {
                    var s = data.S[row];
                    var holds = s is not null && Regex.IsMatch(s, LikeRegex(like.Pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);
                    return Negate(like.Negated, (holds, s is not null));
                }

            case IsNull isNull:
                {
                    var isNullValue = isNull.Field switch
                    {
                        "a" => data.A[row] is null,
                        "d" => data.D[row] is null,
                        "s" => data.S[row] is null,
                        "f" => data.F[row] is null,
                        "j" => data.J[row] is null,
                        _ => false,
                    };
                    return (isNullValue != isNull.Negated, true);
                }

            case BoolField flag:
                {
                    var f = data.F[row];
                    return f is not { } value ? (false, false) : (flag.Constant is { } c ? (value == c) == flag.Equal : value, true);
                }

            case JsonCompare compare:
                {
                    var j = data.J[row];
                    if (j is null)
                    {
                        return (false, false);
                    }

                    var order = j.HasX ? JsonOrder(j.X, compare.Constant) : null;
                    return (order is { } o ? Holds(compare.Op, o) : compare.Op == "!=", true);
                }

            case JsonIn @in:
                {
                    var j = data.J[row];
                    return j is null ? (false, false) : (j.HasX && @in.Items.Any(i => JsonOrder(j.X, i) == 0), true);
                }

            case JsonExists:
                {
                    var j = data.J[row];
                    return j is null ? (false, false) : (j.HasX, true);
                }

            case ArrayContains contains:
                {
                    var array = data.Arr[row];
                    var holds = contains.Mode == "all" ? contains.Items.All(array.Contains) : contains.Items.Any(array.Contains);
                    return (holds, true);
                }

            default:
                throw new InvalidOperationException(predicate.GetType().Name);
        }
    }

    private Num Value(Value value, int row)
    {
        switch (value)
        {
            case IntConst c:
                return new Num(State.Present, true, c.Value, 0);
            case DoubleConst c:
                return new Num(State.Present, false, 0, c.Value);
            case Field field:
                return field.Name switch
                {
                    "id" => new Num(State.Present, true, row, 0),
                    "a" => data.A[row] is { } a ? new Num(State.Present, true, a, 0) : new Num(State.Null, true, 0, 0),
                    "b" => new Num(State.Present, true, data.B[row], 0),
                    "c" => new Num(State.Present, true, data.C[row], 0),
                    _ => data.D[row] is { } d ? new Num(State.Present, false, 0, d) : new Num(State.Null, false, 0, 0),
                };
            case ArrayLength:
                return new Num(State.Present, true, data.Arr[row].Length, 0);
            case ArrayElement element:
                return element.Index < data.Arr[row].Length ? new Num(State.Present, true, data.Arr[row][element.Index], 0) : new Num(State.Missing, true, 0, 0);
            case Negate negate:
                {
                    var v = Value(negate.Operand, row);
                    return v with { L = unchecked(-v.L), D = -v.D };
                }

            case Arith arith:
                {
                    var l = Value(arith.Left, row);
                    var r = Value(arith.Right, row);
                    if (l.State == State.Null || r.State == State.Null)
                    {
                        return new Num(State.Null, arith.IsInt, 0, 0);
                    }

                    if (l.State == State.Missing || r.State == State.Missing)
                    {
                        return new Num(State.Missing, arith.IsInt, 0, 0);
                    }

                    if (!arith.IsInt)
                    {
                        var (x, y) = (l.AsDouble, r.AsDouble);
                        return new Num(State.Present, false, 0, arith.Op switch
                        {
                            "+" => x + y,
                            "-" => x - y,
                            "*" => x * y,
                            "/" => x / y,
                            _ => Math.Pow(x, y),
                        });
                    }

                    var (a, b) = (l.L, r.L);
                    long? result = arith.Op switch
                    {
                        "+" => unchecked(a + b),
                        "-" => unchecked(a - b),
                        "*" => unchecked(a * b),
                        "/" => b == 0 ? null : b == -1 ? unchecked(-a) : a / b,
                        "%" => b == 0 ? null : b == -1 ? 0 : a % b,
                        "&" => a & b,
                        "|" => a | b,
                        "^" => a ^ b,
                        "<<" => b is < 0 or > 63 ? null : a << (int)b,
                        _ => b is < 0 or > 63 ? null : a >> (int)b,
                    };
                    return result is { } computed ? new Num(State.Present, true, computed, 0) : new Num(State.Missing, true, 0, 0);
                }

            default:
                throw new InvalidOperationException(value.GetType().Name);
        }
    }

    // Milvus's JSON typing: integer constants match JSON integers (or other numbers as doubles), doubles any
    // number, strings strings, bools bools; anything else does not compare.
    private static int? JsonOrder(object? json, object constant) => (json, constant) switch
    {
        (long j, long c) => j.CompareTo(c),
        (double j, long c) => j.CompareTo((double)c),
        (long j, double c) => ((double)j).CompareTo(c),
        (double j, double c) => j.CompareTo(c),
        (string j, string c) => Utf8Order(j, c),
        (bool j, bool c) => j.CompareTo(c),
        _ => null,
    };

    private static (bool, bool) Negate(bool negated, (bool Holds, bool Valid) result) =>
        negated ? (!result.Holds && result.Valid, result.Valid) : result;

    private static int Utf8Order(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    private static bool Holds(string op, int order) => op switch
    {
        "==" => order == 0,
        "!=" => order != 0,
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        _ => order >= 0,
    };

    private static bool HoldsDouble(string op, double a, double b) => op switch
    {
        "==" => a == b,
        "!=" => a != b,
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        _ => a >= b,
    };

    private static string LikeRegex(string pattern)
    {
        var regex = new StringBuilder(@"\A");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
            }
        }

        return regex.Append(@"\z").ToString();
    }
}

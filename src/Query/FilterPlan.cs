using OrleansVector.Query.Columns;
using OrleansVector.Query.Evaluation;
using OrleansVector.Query.Planning;
using OrleansVector.Query.Pruning;
using OrleansVector.Query.Schema;
using OrleansVector.Query.Syntax;

namespace OrleansVector.Query;

/// <summary>
/// A Milvus boolean filter expression compiled against a collection schema: parsed, type-checked, with template
/// values bound and constants folded. Evaluate it over batches of columnar rows into a bitset of the rows that
/// match; read <see cref="Pruning"/> to skip segments and to turn primary-key filters into point lookups.
/// A plan is immutable and may be evaluated by several threads at once.
/// </summary>
public sealed class FilterPlan
{
    private readonly Predicate _root;
    private readonly int _fieldCount;

    private FilterPlan(string expression, Predicate root, int fieldCount, IReadOnlyList<string> fields, PruningInfo pruning)
    {
        Expression = expression;
        _root = root;
        _fieldCount = fieldCount;
        Fields = fields;
        Pruning = pruning;
    }

    public string Expression { get; }

    /// <summary>The fields the expression reads: the columns a batch must hold.</summary>
    public IReadOnlyList<string> Fields { get; }

    public PruningInfo Pruning { get; }

    /// <summary>
    /// Compiles <paramref name="expression"/>; throws <see cref="ExpressionException"/> naming the problem and its
    /// column when it does not parse or does not type-check against <paramref name="schema"/>.
    /// </summary>
    public static FilterPlan Compile(string expression, CollectionSchema schema, IReadOnlyDictionary<string, FilterValue>? templateValues = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(schema);
        var syntax = Parser.Parse(expression);
        var binder = new Binder(schema, templateValues ?? new Dictionary<string, FilterValue>());
        var root = binder.BindPredicate(syntax);
        return new FilterPlan(expression, root, schema.Fields.Count, binder.FieldsRead, PruningAnalyzer.Analyze(root, schema));
    }

    /// <summary>
    /// Writes the rows of <paramref name="batch"/> that match into <paramref name="selection"/> (bit <c>i</c> of
    /// word <c>i / 64</c> for row <c>i</c>; at least <c>(RowCount + 63) / 64</c> words; bits past the last row are cleared).
    /// </summary>
    public void Evaluate(ColumnBatch batch, Span<ulong> selection)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var words = Column.WordCount(batch.RowCount);
        if (selection.Length < words)
        {
            throw new ArgumentException($"A selection for {batch.RowCount} rows needs {words} words, not {selection.Length}.", nameof(selection));
        }

        using var context = new EvaluationContext(batch, _fieldCount);
        var result = context.RentTruth();
        _root.Evaluate(context, context.AllRows.Span, result);
        result.Data.CopyTo(selection);
        selection[words..].Clear();
    }

    /// <summary>The matching rows of <paramref name="batch"/> as a new bitset.</summary>
    public ulong[] Evaluate(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var selection = new ulong[Column.WordCount(batch.RowCount)];
        Evaluate(batch, selection);
        return selection;
    }

    public override string ToString() => Expression;
}

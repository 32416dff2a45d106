using OrleansVector.Query.Columns;

namespace OrleansVector.Query.Tests;

/// <summary>Expressions that must be rejected, with the message (problem and 1-based column) they must produce.</summary>
public sealed class ErrorTests
{
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "agee > 30", "field 'agee' does not exist in the collection schema at column 1" },
        { "age > \"x\"", "operator '>' cannot compare field 'age' (Int32) with String literal \"x\" at column 5" },
        { "name + 1 > 2", "operator '+' needs numeric operands, not field 'name' (VarChar) at column 6" },
        { "age >", "expected a value, field or '(' but found the end of the expression at column 6" },
        { "(age > 1", "expected ')' to close the '(' at column 1 but found the end of the expression at column 9" },
        { "age = 1", "'=' is not an operator; write '==' to compare for equality at column 5" },
        { "id == 0x", "malformed number '0x': it has no digits at column 7" },
        { "id == 09", "malformed number '09': '9' is not a base-8 digit at column 7" },
        { "id == 12ab", "malformed number '12ab': it runs into letters at column 7" },
        { "id == 1.5e", "malformed number '1.5': its exponent has no digits at column 7" },
        { "id == 99999999999999999999", "integer literal '99999999999999999999' is out of range for Int64 at column 7" },
        { "9223372036854775808 > id", "integer literal '9223372036854775808' is out of range for Int64 at column 1" },
        { "name == \"abc", "string literal is not terminated at column 9" },
        { "name == \"a\\qb\"", "unknown escape sequence '\\q' in string literal at column 11" },
        { "name == r\"abc", "raw string literal is not terminated at column 9" },
        { "name == \"\\uD800\"", "escape sequence names U+D800, which is not a Unicode scalar value at column 10" },
        { "json_contains(tags)", "json_contains takes 2 arguments, not 1 at column 1" },
        { "array_length(tags, nums) > 1", "array_length takes 1 argument, not 2 at column 1" },
        { "foo(id)", "unknown function 'foo' at column 1" },
        { "age", "expected a boolean expression but found field 'age' (Int32) at column 1" },
        { "age + 1", "expected a boolean expression but found a numeric expression at column 5" },
        { "age > {x}", "template variable {x} has no value at column 7" },
        { "id in 5", "'in' needs a list of constants such as [1, 2] or a template variable holding one at column 7" },
        { "id in [1, age]", "list items must be constants (literals or template variables) at column 11" },
        { "name in [1, 2]", "the list holds Int64 value 1, which cannot be compared with field 'name' (VarChar) at column 9" },
        { "score % 2 == 0", "operator '%' needs integer operands, not field 'score' (Double) at column 7" },
        { "1.5 % 2 == 0", "operator '%' needs integer operands, not Double and Int64 at column 5" },
        { "~score == 1", "operator '~' needs integer operands, not field 'score' (Double) at column 1" },
        { "1 < age > 3", "a chained comparison must point one way ('<' with '<', '>' with '>'), not '<' then '>' at column 9" },
        { "1 < 2 < 3 < 4", "a chained comparison holds at most two operators at column 11" },
        { "$meta[\"a\"] == 1", "$meta needs a collection with dynamic fields enabled at column 1" },
        { "vec == 1", "field 'vec' of type FloatVector cannot be used in a filter expression at column 1" },
        { "age[0] == 1", "only JSON and Array fields can be indexed, not field 'age' (Int32) at column 4" },
        { "tags[\"a\"] == 1", "Array field 'tags' is indexed by integers, not by \"a\" at column 6" },
        { "tags[-1] == 1", "expected a string key or a non-negative integer index inside '[ ]' but found '-' at column 6" },
        { "1 / 0 == 1", "division by zero in '1 / 0' at column 3" },
        { "1 << 64 == 0", "shift count 64 is outside 0..63 at column 3" },
        { "active < true", "operator '<' cannot compare field 'active' (Bool) with Bool literal true at column 8" },
        { "name == 1", "operator '==' cannot compare field 'name' (VarChar) with Int64 literal 1 at column 6" },
        { "tags == 1", "operator '==' cannot compare Array field 'tags' with Int64 literal 1 at column 6" },
        { "(id > 1) == true", "operator '==' cannot compare a boolean expression with Bool literal true at column 10" },
        { "info[\"a\"] == info[\"b\"]", "operator '==' cannot compare JSON value info[\"a\"] with JSON value info[\"b\"] at column 11" },
        { "info[\"a\"] > true", "operator '>' cannot order JSON value info[\"a\"] against Bool literal true at column 11" },
        { "1 == \"a\"", "operator '==' cannot compare Int64 literal 1 with String literal \"a\" at column 3" },
        { "array_contains(nums, \"x\")", "array_contains on Array field 'nums' of Int64 cannot look for \"x\" at column 22" },
        { "array_contains(age, 1)", "array_contains needs a JSON or Array field as its first argument, not field 'age' (Int32) at column 16" },
        { "array_contains(tags, name)", "the second argument of array_contains must be a constant at column 22" },
        { "json_contains_all(tags, \"red\")", "the second argument of json_contains_all must be a list at column 25" },
        { "array_length(age) > 1", "array_length needs an Array field or a JSON path, not field 'age' (Int32) at column 14" },
        { "age > 1 age", "unexpected 'age' after a complete expression at column 9" },
        { "", "the expression is empty at column 1" },
        { "   ", "the expression is empty at column 1" },
        { "id == #", "unexpected character '#' at column 7" },
        { "name like 5", "'like' needs a string pattern at column 11" },
        { "age like \"a%\"", "'like' needs a VarChar or JSON operand, not field 'age' (Int32) at column 1" },
        { "exists age", "'exists' needs a JSON path such as f[\"key\"] at column 8" },
        { "(age + 1) is null", "'is null' needs a field or a JSON path, not a numeric expression at column 6" },
        { "age is 5", "expected 'null' or 'not null' after 'is' but found '5' at column 8" },
        { "{} > 1", "a template variable is written {name}, with a name of letters, digits and '_' at column 1" },
        { "$x > 1", "'$' must begin '$meta' at column 1" },
        { "id in [1, 2", "expected ',' or ']' in the list opened at column 7 but found the end of the expression at column 12" },
        { "age > 1 and", "expected a value, field or '(' but found the end of the expression at column 12" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_expression_is_rejected_with_its_problem_and_column(string expression, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => FilterPlan.Compile(expression, Dataset.StaticSchema));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_rejected_where_it_starts()
    {
        var expression = new string('(', 200) + "id == 1" + new string(')', 200);

        var error = Assert.Throws<ExpressionException>(() => FilterPlan.Compile(expression, Dataset.Schema));

        Assert.Equal("the expression nests more than 128 levels deep at column 129", error.Message);
        Assert.Equal(129, error.Column);
    }

    [Fact]
    public void Nesting_within_the_limit_is_accepted()
    {
        var expression = new string('(', 100) + "id == 1" + new string(')', 100);

        Assert.Equal([1], Dataset.Evaluate(expression));
    }

    [Fact]
    public void A_long_flat_chain_is_not_nesting()
    {
        var expression = string.Join(" or ", Enumerable.Range(0, 5000).Select(i => $"id == {i}"));

        Assert.Equal(Enumerable.Range(0, 10), Dataset.Evaluate(expression));
    }

    [Fact]
    public void A_long_arithmetic_chain_is_rejected_as_too_deep()
    {
        var expression = string.Join(" + ", Enumerable.Repeat("id", 500)) + " > 0";

        var error = Assert.Throws<ExpressionException>(() => FilterPlan.Compile(expression, Dataset.Schema));

        Assert.StartsWith("the expression nests more than 128 levels deep", error.Message);
    }

    [Fact]
    public void A_batch_without_a_needed_column_is_rejected_naming_the_field()
    {
        var plan = FilterPlan.Compile("age > 1", Dataset.Schema);
        var batch = new ColumnBatch(1, new Dictionary<string, Column> { ["id"] = TestColumns.Of<long>(1) });

        var error = Assert.Throws<ArgumentException>(() => plan.Evaluate(batch));

        Assert.Contains("'age'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_of_the_wrong_type_is_rejected_naming_the_field_and_types()
    {
        var plan = FilterPlan.Compile("age > 1", Dataset.Schema);
        var batch = new ColumnBatch(1, new Dictionary<string, Column> { ["age"] = TestColumns.Of<long>(1) });

        var error = Assert.Throws<ArgumentException>(() => plan.Evaluate(batch));

        Assert.Equal("The column for field 'age' is a PrimitiveColumn`1, which cannot hold Int32.", error.Message);
    }
}

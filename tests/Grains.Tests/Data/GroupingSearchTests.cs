using OrleansVector.Index.Datasets;

namespace OrleansVector.Grains.Tests.Data;

public sealed class GroupingSearchTests : DataPathTest
{
    private const int Dim = 8;

    [Fact]
    public async Task Grouping_search_returns_limit_groups_of_at_most_group_size_hits()
    {
        var data = SyntheticData.Clustered(500, Dim, seed: 31);
        var info = await CreateAsync("items", Rows.Schema(Dim));
        var collection = Collection(info);
        Assert.Equal(0, (await collection.Insert(Rows.Insert("items", data, 0, 500))).Status.Code);
        await IndexAndLoadAsync("items", "vec", "L2");
        var request = SearchFor("items", [data.Row(0).ToArray()], 3, "L2", outputs: ["n"]);
        request.SearchParams.Add(Pair("group_by_field", "tag"));
        request.SearchParams.Add(Pair("group_size", "2"));

        var result = await collection.Search(request);

        Assert.True(result.Status.Code == 0, result.Status.Reason);
        var groups = result.Results.GroupByFieldValue.Scalars.StringData.Data;
        Assert.Equal(6, result.Results.Ids.IntId.Data.Count);
        Assert.Equal(3, groups.Distinct().Count());
        Assert.All(groups.GroupBy(g => g), g => Assert.Equal(2, g.Count()));
        Assert.Equal(result.Results.Ids.IntId.Data.Select(id => "t" + (id % 5)), groups);
        Assert.Equal(0L, result.Results.Ids.IntId.Data[0]);
        Assert.DoesNotContain(result.Results.FieldsData, f => f.FieldName == "tag");
    }
}

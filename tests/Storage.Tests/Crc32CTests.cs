using System.Text;

namespace OrleansVector.Storage.Tests;

public sealed class Crc32CTests
{
    [Fact]
    public void Matches_the_standard_check_value_and_chains()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(0u, Crc32C.Compute([]));
        for (var split = 0; split <= data.Length; split++)
        {
            Assert.Equal(Crc32C.Compute(data), Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }
}

using System.ComponentModel.DataAnnotations;
using OrleansVector.Silo.Hosting;

namespace OrleansVector.Silo.Tests;

public sealed class SiloOptionsTests
{
    private static List<ValidationResult> Validate(SiloOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_are_valid_and_bind_loopback_on_milvus_ports()
    {
        var options = new SiloOptions();
        Assert.Empty(Validate(options));
        Assert.Equal("127.0.0.1", options.ListenAddress);
        Assert.Equal(19530, options.GrpcPort);
        Assert.Equal(9091, options.HttpPort);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Out_of_range_port_is_rejected(int port)
    {
        var errors = Validate(new SiloOptions { GrpcPort = port });
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(SiloOptions.GrpcPort)));
    }

    [Fact]
    public void Same_port_for_grpc_and_http_is_rejected()
    {
        var errors = Validate(new SiloOptions { GrpcPort = 1234, HttpPort = 1234 });
        Assert.Contains(errors, e => e.ErrorMessage == "Silo:GrpcPort and Silo:HttpPort must differ (both are 1234).");
    }

    [Fact]
    public void Listen_address_must_be_an_ip_address()
    {
        var errors = Validate(new SiloOptions { ListenAddress = "localhost" });
        Assert.Contains(errors, e => e.ErrorMessage == "Silo:ListenAddress 'localhost' is not an IP address.");
    }

    [Fact]
    public void Relative_data_directory_resolves_against_the_working_directory()
    {
        var options = new SiloOptions { DataDirectory = "data" };
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data"), options.FullDataDirectory);
    }
}

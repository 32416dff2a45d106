using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansVector.Gateway;
using OrleansVector.Gateway.Health;
using OrleansVector.Gateway.Hosting;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Gateway.Rest;

namespace OrleansVector.Silo.Hosting;

/// <summary>Builds the standalone silo: configuration, the database silo, the two listeners and the gateway endpoints.</summary>
public static class SiloHost
{
    /// <summary>Prefix of environment variables that configure the silo (ORLEANSVECTOR__Silo__GrpcPort=...).</summary>
    public const string EnvironmentPrefix = "ORLEANSVECTOR__";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args, CommandLineSwitches.Map.ToDictionary());
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true);

        builder.Services.AddOptions<SiloOptions>()
            .Bind(builder.Configuration.GetSection(SiloOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<ReadinessProbe>();
        builder.Services.AddSingleton(sp => DatabaseSilo.Open(
            options.FullDataDirectory, sp.GetRequiredService<ILoggerFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<DatabaseSilo>().GrainFactory);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<DatabaseSilo>().Storage);
        builder.Services.AddHostedService<DatabaseSiloService>();
        builder.Services.AddMilvusGateway(builder.Configuration);
        builder.Services.AddMilvusGrpcServer(new IPEndPoint(options.ParsedListenAddress, options.GrpcPort));
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = builder.Configuration.GetSection(SiloOptions.SectionName).GetValue("ShutdownTimeout", new SiloOptions().ShutdownTimeout));

        // Kestrel serves REST, /healthz and /metrics; the gRPC port has its own HTTP/2 server (GrpcServer).
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(options.ParsedListenAddress, options.HttpPort, l => l.Protocols = HttpProtocols.Http1));

        var app = builder.Build();
        app.UseRouting();
        app.MapHealth();
        app.MapMetrics();
        app.MapMilvusRest();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansVector.Silo");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            SiloLog.Listening(logger, Endpoint(options, options.GrpcPort), Endpoint(options, options.HttpPort));
            SiloLog.DataDirectory(logger, options.FullDataDirectory);
            app.Services.GetRequiredService<ReadinessProbe>().MarkReady();
        });
        app.Lifetime.ApplicationStopping.Register(() => SiloLog.Stopping(logger));
        return app;
    }

    private static SiloOptions ReadOptions(IConfiguration configuration)
    {
        var options = new SiloOptions();
        configuration.GetSection(SiloOptions.SectionName).Bind(options);
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), errors.Select(e => e.ErrorMessage ?? "invalid"));
        }
        return options;
    }

    private static string Endpoint(SiloOptions options, int port) => new IPEndPoint(options.ParsedListenAddress, port).ToString();
}

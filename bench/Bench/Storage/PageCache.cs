using System.Runtime.InteropServices;

namespace OrleansVector.Bench.Storage;

/// <summary>Evicts a file's clean pages from the Linux page cache (posix_fadvise DONTNEED), so the next read comes from the device.</summary>
internal static partial class PageCache
{
    private const int DontNeed = 4;

    public static void Drop(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Dropping a file from the page cache needs Linux posix_fadvise.");
        }

        using var handle = File.OpenHandle(path);
        var error = PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, DontNeed);
        if (error != 0)
        {
            throw new IOException($"posix_fadvise(DONTNEED) on '{path}' failed with errno {error}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}

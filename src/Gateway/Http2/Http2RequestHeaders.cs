using System.Globalization;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// The rules a request's header list must keep (RFC 9113 8.2 and 8.3); a request that breaks one is malformed and its
/// stream is reset with PROTOCOL_ERROR, while the connection goes on.
/// </summary>
public static class Http2RequestHeaders
{
    /// <summary>Why the header list is malformed, or null when it is well formed.</summary>
    /// <param name="headers">the decoded request header list, in order.</param>
    /// <param name="contentLength">the content-length field's value, or -1 when absent.</param>
    public static string? FindProblem(IReadOnlyList<HpackHeaderField> headers, out long contentLength)
    {
        contentLength = -1;
        var regularSeen = false;
        bool method = false, scheme = false, path = false, authority = false;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (name.Length == 0 || name.AsSpan().ContainsAnyInRange('A', 'Z'))
            {
                return $"the header name '{name}' is not lower case";
            }
            if (name[0] == ':')
            {
                if (regularSeen)
                {
                    return $"the pseudo-header {name} follows a regular header";
                }
                bool repeated;
                switch (name)
                {
                    case ":method": repeated = Mark(ref method); break;
                    case ":scheme": repeated = Mark(ref scheme); break;
                    case ":path": repeated = Mark(ref path) || value.Length == 0; break;
                    case ":authority": repeated = Mark(ref authority); break;
                    default: return $"{name} is not a pseudo-header a request may carry";
                }
                if (repeated)
                {
                    return $"the pseudo-header {name} is repeated or empty";
                }
                continue;
            }
            regularSeen = true;
            switch (name)
            {
                case "connection" or "keep-alive" or "proxy-connection" or "transfer-encoding" or "upgrade":
                    return $"the connection-specific header '{name}' has no place in HTTP/2";
                case "te" when value != "trailers":
                    return $"te is '{value}'; HTTP/2 allows only 'trailers'";
                case "content-length" when !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength):
                    return $"content-length '{value}' is not a number";
            }
        }
        return method && scheme && path ? null : "a request needs :method, :scheme and :path";
    }

    /// <summary>Records a pseudo-header; true when it was already there.</summary>
    private static bool Mark(ref bool seen)
    {
        var repeated = seen;
        seen = true;
        return repeated;
    }
}

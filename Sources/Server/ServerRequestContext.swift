import Hummingbird
import Logging

/// The request context of ``JobMatchServer``: Hummingbird's core context and the peer's IP
/// address, the rate limit's client (``JobMatchServer/limitRate(_:_:route:)``).
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer's IP address as the socket reports it (`127.0.0.1`, `::1`); nil
    /// in-process, where there is no socket, and for a Unix socket.
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// A context without a connection, for calling the router's responder in-process (the
    /// request-body fuzzer, `Fuzz/Sources/fuzz-httpbody`).
    public init(logger: Logger) {
        struct NoChannel: RequestContextSource { var logger: Logger }
        coreContext = .init(source: NoChannel(logger: logger))
        peerAddress = nil
    }
}

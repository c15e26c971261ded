/// How `jobmatch serve` listens and what it accepts.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// When set, state-changing requests need `Authorization: Bearer <token>`.
    public var token: String?
    /// The largest request body accepted, in bytes (413 beyond).
    public var maxBodyBytes: Int
    /// The longest CV text accepted by `POST /match`, in characters (422 beyond).
    public var maxTextCharacters: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
                maxBodyBytes: Int = 1 << 20, maxTextCharacters: Int = 100_000) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyBytes = maxBodyBytes
        self.maxTextCharacters = maxTextCharacters
    }
}

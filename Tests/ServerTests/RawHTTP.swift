import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request written by hand on a TCP socket, bound to a chosen loopback source
/// address (Linux answers on all of 127.0.0.0/8), so a test can be two clients from one process.
/// The socket work runs on a thread of its own, never on the cooperative pool the in-process
/// server needs.
struct RawHTTP {
    struct Answer {
        var status: Int
        /// Header names lowercased; the last value wins.
        var headers: [String: String]
        var body: String
    }

    /// Sends `method path` with `body` (JSON) and `Connection: close`, and reads the whole answer.
    static func send(port: Int, from source: String = "127.0.0.1", _ method: String, _ path: String,
                     body: String = "", headers extra: [String: String] = [:]) async throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !body.isEmpty || method == "POST" { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        for (name, value) in extra { head += "\(name): \(value)\r\n" }
        let request = Data((head + "\r\n" + body).utf8)
        let raw = try await withCheckedThrowingContinuation { (done: CheckedContinuation<Data, any Error>) in
            Thread.detachNewThread { done.resume(with: Result { try exchange(port: port, source: source, request) }) }
        }
        return try parse(raw)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    private static func exchange(port: Int, source: String, _ request: Data) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func address(_ ip: String, _ port: Int) -> sockaddr_in {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, ip, &a.sin_addr)
            return a
        }
        var local = address(source, 0), remote = address("127.0.0.1", port)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &local, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0 else {
            throw Failure(description: "bind \(source): errno \(errno)")
        }
        guard withUnsafePointer(to: &remote, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } }) == 0 else {
            throw Failure(description: "connect 127.0.0.1:\(port): errno \(errno)")
        }
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let n = Glibc.send(fd, bytes.baseAddress! + sent, bytes.count - sent, 0)
                guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
                sent += n
            }
        }
        var answer = Data(), buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n >= 0 else { throw Failure(description: "recv: errno \(errno)") }
            if n == 0 { return answer }
            answer.append(contentsOf: buffer[0..<n])
        }
    }

    private static func parse(_ raw: Data) throws -> Answer {
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no header end in: \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "bad status line: \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    /// A chunked body's data (sizes in hex, each chunk followed by CRLF, a zero-size chunk last).
    private static func dechunk(_ body: String) -> String {
        var out = "", rest = Substring(body)
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let bytes = Array(rest[start...].utf8.prefix(size))
            out += String(decoding: bytes, as: UTF8.self)
            rest = rest[start...].utf8.dropFirst(size + 2).isEmpty ? "" : Substring(String(decoding: Array(rest[start...].utf8.dropFirst(size + 2)), as: UTF8.self))
        }
        return out
    }
}

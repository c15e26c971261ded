import Foundation
import HTTPTypes
import Hummingbird

/// Reads and decodes JSON request bodies with the server's limits and its own error messages.
///
/// The body must say `Content-Type: application/json` (415 otherwise, a missing type too). It is
/// read up to `limit` bytes (413 past it; a `Content-Length` over it is refused before reading). Malformed JSON is a 400; a missing field or a wrong type is a 422 naming
/// the field (the field's name comes from our types, never from the body).
struct JSONBody: Sendable {
    let limit: Int

    /// After a 413, at most this many more bytes and seconds of the body are read and discarded
    /// before the answer goes out with `Connection: close` (nginx's lingering close): a client that
    /// sends its whole body before reading (Python's urllib, most libraries) then gets the 413
    /// instead of waiting on a full socket until its timeout.
    static let drainBytes = 64 << 20
    static let drainSeconds = 5.0

    var tooLarge: APIError { APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes") }

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            await Self.drain(request.body)
            throw tooLarge
        }
        // Required, not only checked when present: a body a browser may send cross-site without a
        // CORS preflight (a form, or fetch with no or a text/plain type) is never read as JSON.
        guard let contentType = request.headers[.contentType],
              contentType.lowercased().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json" else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as application/json (Content-Type: application/json)")
        }
        // Read chunk by chunk, so that past the limit the rest can still be drained.
        var buffer = ByteBuffer()
        var iterator = request.body.makeAsyncIterator()
        while let chunk = try await iterator.next() {
            guard buffer.readableBytes + chunk.readableBytes <= limit else {
                await Self.drain(iterator)
                throw tooLarge
            }
            buffer.writeImmutableBuffer(chunk)
        }
        let data = Data(buffer: buffer)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            // Foundation reports some valid JSON it cannot convert (1.5 for an Int) without a
            // coding path; parse once more to tell those from malformed bodies.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil {
                throw APIError(.unprocessableContent, "invalid_field", "a field has a value of the wrong type or range")
            }
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return APIError(.badRequest, "malformed_json", "the body is not valid JSON")
        case .dataCorrupted(let context):
            return APIError(.unprocessableContent, "invalid_field", "field '\(path(context.codingPath))' has an invalid value")
        case .keyNotFound(let key, let context):
            return APIError(.unprocessableContent, "missing_field", "field '\(path(context.codingPath + [key]))' is required")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let name = context.codingPath.isEmpty ? "the body" : "field '\(path(context.codingPath))'"
            return APIError(.unprocessableContent, "wrong_type", "\(name) must be \(Self.describe(type))")
        @unknown default:
            return APIError(.badRequest, "malformed_json", "the body could not be read")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    /// Reads and discards what is left of a body, bounded by `drainBytes` and `drainSeconds`.
    static func drain(_ body: RequestBody) async { await drain(body.makeAsyncIterator()) }

    static func drain(_ iterator: sending RequestBody.AsyncIterator) async {
        let reader = Task {
            var iterator = iterator, read = 0
            while read < drainBytes, let chunk = try? await iterator.next() { read += chunk.readableBytes }
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(drainSeconds))
            reader.cancel()
        }
        await reader.value
        timer.cancel()
    }
}

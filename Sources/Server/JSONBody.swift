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

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes")
        }
        // Required, not only checked when present: a body a browser may send cross-site without a
        // CORS preflight (a form, or fetch with no or a text/plain type) is never read as JSON.
        guard let contentType = request.headers[.contentType],
              contentType.lowercased().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json" else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as application/json (Content-Type: application/json)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes")
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
}

import Documents
import Feedback
import Foundation
import HTTPTypes
import Hummingbird

/// An error answered to the client: a status, a stable code and a one-line message.
///
/// ``APIError/init(_:)`` is the one place where errors become HTTP statuses: the modules'
/// error kinds, the body decoder's complaints, and anything unexpected, which becomes a 500
/// whose message says nothing about the cause (it is logged with its type only).
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (`unknown_request`, `body_too_large`, …).
    public var code: String
    /// One line for people; never CV text, SQL, file paths, stack traces, or text the client sent.
    public var message: String
    /// Seconds the client should wait before retrying, sent as `Retry-After` (429, 503 `busy`).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static let internalError = APIError(.internalServerError, "internal_error", "the server could not answer this request")
    /// Too many matches held at once (`MatchAdmission`); sent with `Retry-After: 1`.
    static let busy = APIError(.serviceUnavailable, "busy", "too many matches in progress; retry in a second", retryAfter: 1)

    /// This client's rate limit is spent (`RateLimiter`); `Retry-After` says when a request will pass.
    static func rateLimited(retryAfter seconds: Int) -> APIError {
        APIError(.tooManyRequests, "rate_limited", "too many requests from this client; retry in \(seconds) s", retryAfter: seconds)
    }

    /// Maps any error to what the client sees.
    public init(_ error: any Error) {
        switch error {
        case let error as DocumentError:
            switch error.kind {
            case .tooLarge: self.init(.contentTooLarge, "cv_file_too_large", "cv_file: \(error.reason)")
            case .io: self = .internalError  // the PDF helper is missing or cannot start: ours, not the client's
            case .unsupported, .noText, .damaged, .encrypted: self.init(.unprocessableContent, "unreadable_cv_file", "cv_file: \(error.reason)")
            }
        case let error as APIError:
            self = error
        case let error as FeedbackError:
            switch error.kind {
            // Fixed messages: the store's own name the ids, which came from the client.
            case .unknownRequest: self.init(.notFound, "unknown_request", "no match request with this request_id")
            case .jobNotShown: self.init(.unprocessableContent, "job_not_shown", "this job_id was not shown in this request")
            case .cvNotShown: self.init(.unprocessableContent, "cv_not_shown", "this cv_id was not shown in this request")
            case .invalidArgument: self.init(.unprocessableContent, "invalid_feedback", error.message)
            case .database, .io: self = .internalError
            }
        case let error as MatchServiceError:
            switch error.kind {
            case .unknownCV: self.init(.notFound, "unknown_cv", error.message)
            case .unknownJob: self.init(.notFound, "unknown_job", error.message)
            case .invalidInput: self.init(.unprocessableContent, "invalid_input", error.message)
            case .unavailable: self.init(.serviceUnavailable, "unavailable", "the matcher is not available")
            }
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            // NIO's "too many bytes" from collecting a body past its limit.
            self.init(.contentTooLarge, "body_too_large", "the request body is too large")
        case let error as HTTPError where error.status == .notFound:
            self.init(.notFound, "not_found", "no such route")
        case let error as HTTPError where error.status.kind == .clientError:
            // Hummingbird's own 4xx (e.g. a bad parameter); its reason phrase only.
            self.init(error.status, "bad_request", error.status.reasonPhrase)
        default:
            self = .internalError
        }
    }

    /// Whether the cause was unexpected (a 5xx that should be logged).
    var isServerError: Bool { status.kind == .serverError }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: .init(status: status.code, code: code, message: message))
        let data = try JSONEncoder().encode(body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        // An unread body may still be arriving: say the connection ends with this answer.
        if status == .contentTooLarge { headers[.connection] = "close" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

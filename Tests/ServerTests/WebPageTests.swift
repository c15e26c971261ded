import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `GET /` and its assets as a browser receives them: served from the binary, with a CSP that
/// forbids inline script and style, and a script that never parses data as HTML. (The page in a
/// real browser: jobmatchTests/WebPageBrowserTests.)
@Suite struct WebPageTests {
    static let policy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

    @Test func thePageAndEveryAssetItNamesAreServedWithAStrictPolicy() async throws {
        let fixture = try ServerFixture(token: "s3cret")  // the page itself needs no token
        try await fixture.test { client in
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy] == Self.policy)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            let html = page.text
            #expect(html.hasPrefix("<!doctype html>") && html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
            // Nothing inline that the policy would block (and so nothing a user would miss).
            #expect(html.components(separatedBy: "<script").count - 1 == html.components(separatedBy: #"<script src=""#).count - 1)
            #expect(!html.contains("<style") && !html.contains(" style=") && !html.contains("javascript:"))
            #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "inline event handler")
            for control in [#"id="cv""#, #"id="cv-file""#, #"id="country""#, #"id="level""#, #"id="remote""#, #"id="submit""#, #"id="results""#] {
                #expect(html.contains(control), "\(control)")
            }
            // Consent to keep the CV's text is asked, off by default, and the page says what happens either way.
            #expect(html.contains(#"<input id="keep-text" type="checkbox">"#) && !html.contains("checked"))
            #expect(html.contains("only a fingerprint of the text is stored") && !html.contains("it teaches the next model"))
            let named = html.matches(of: /(?:src|href)="(\/[^"]*)"/).map { String($0.output.1) }
            #expect(Set(named) == ["/app.js", "/app.css", "/favicon.svg", "/openapi.json", "/recruit"])
            for (path, type) in [("/app.js", "text/javascript; charset=utf-8"), ("/app.css", "text/css; charset=utf-8"), ("/favicon.svg", "image/svg+xml")] {
                let asset = try await client.get(path)
                #expect(asset.status == .ok && asset.headers[.contentType] == type, "\(path)")
                #expect(asset.headers[.contentSecurityPolicy] == Self.policy, "\(path)")
                #expect(!asset.text.isEmpty)
            }
        }
    }

    /// Every response, not only the page's, says `nosniff`: JSON answers, JSON errors (4xx, an
    /// unknown route, a 500), `/metrics`, and each page asset with its `Referrer-Policy` (seen red
    /// with `NoSniffMiddleware` left out of the router).
    @Test func everyResponseSaysNoSniff() async throws {
        var failing = CatalogMatchService()
        failing.failure = CocoaError(.fileReadCorruptFile)
        let requests: [(String, HTTPRequest.Method, String?)] = [
            ("/health", .get, nil), ("/openapi.json", .get, nil), ("/metrics", .get, nil), ("/jobs/job-swift", .get, nil),
            ("/jobs/nope", .get, nil), ("/no/such/route", .get, nil), ("/match", .post, #"{"text": "python"}"#),
            ("/match", .post, "{broken"), ("/feedback", .post, #"{"request_id": "r", "job_id": "j", "event": "like"}"#),
        ]
        for (service, expectServerError) in [(CatalogMatchService(), false), (failing, true)] {
            let statuses = try await ServerFixture(service: service).test { client in
                var statuses: [Int] = []
                for (path, method, body) in requests {
                    let response = if let body { try await client.post(path, body) } else { try await client.execute(uri: path, method: method) }
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(method) \(path): \(response.status)")
                    statuses.append(response.status.code)
                }
                for asset in ["/", "/app.css", "/app.js", "/favicon.svg", "/recruit", "/recruit.js"] {
                    let response = try await client.get(asset)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(asset)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(asset)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(asset)")
                }
                return statuses
            }
            #expect(Set(statuses).isSuperset(of: expectServerError ? [200, 400, 404, 500] : [200, 400, 404]), "\(statuses)")
        }
    }

    /// The recruiter's page: the same strict policy and nothing inline, its controls, and links to
    /// assets that exist.
    @Test func theRecruitersPageIsServedWithTheSamePolicy() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let page = try await client.get("/recruit")
            #expect(page.status == .ok && page.headers[.contentSecurityPolicy] == Self.policy)
            let html = page.text
            #expect(html.components(separatedBy: "<script").count - 1 == html.components(separatedBy: #"<script src=""#).count - 1)
            #expect(!html.contains("<style") && !html.contains(" style=") && html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil)
            for control in [#"id="job-id""#, #"id="job-text""#, #"id="submit""#, #"id="results""#] { #expect(html.contains(control), "\(control)") }
            let named = html.matches(of: /(?:src|href)="(\/[^"]*)"/).map { String($0.output.1) }
            #expect(Set(named) == ["/recruit.js", "/app.css", "/favicon.svg", "/openapi.json", "/"])
            let script = try await client.get("/recruit.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("'/match/job'") && script.text.contains("'/feedback/candidate'") && !script.text.contains("innerHTML"))
        }
    }

    /// HEAD (curl -I, link checkers, load balancers) answers every GET route with its status and
    /// headers and no body, over a real socket.
    @Test func everyGetRouteAnswersHeadWithoutABody() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(.live) { client in
            for (path, type) in [("/", "text/html; charset=utf-8"), ("/app.js", "text/javascript; charset=utf-8"),
                                 ("/health", "application/json; charset=utf-8"), ("/openapi.json", "application/json; charset=utf-8"),
                                 ("/metrics", "text/plain; version=0.0.4; charset=utf-8")] {
                let get = try await client.get(path)
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == .ok && head.status == get.status, "HEAD \(path): \(head.status)")
                #expect(head.headers[.contentType] == type, "HEAD \(path)")
                #expect(head.body.readableBytes == 0 && get.body.readableBytes > 0, "HEAD \(path) has no body")
            }
            let unknown = try await client.execute(uri: "/jobs/nope", method: .head)
            #expect(unknown.status == .notFound && unknown.body.readableBytes == 0)
        }
    }

    /// Data goes into the page through `textContent` and DOM properties only.
    @Test func theScriptNeverTurnsDataIntoHTML() async throws {
        let fixture = try ServerFixture()
        let script = try await fixture.test { client in try await client.get("/app.js").text }
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout('", "srcdoc"] {
            #expect(!script.contains(sink), "app.js uses \(sink)")
        }
        #expect(script.contains("textContent") && script.contains("'/match'") && script.contains("'/feedback'")
                && script.contains("request_id: forRequest") && script.contains("keep_text: $('keep-text').checked"))
    }
}

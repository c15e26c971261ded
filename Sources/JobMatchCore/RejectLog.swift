import Foundation

/// Counts, remembers and writes the records a streaming stage set aside.
///
/// Each rejection goes to a JSON Lines file so nothing is lost and bad records can be fixed and fed
/// again: one object per reject with `source`, `line`, `reason`, `raw_bytes` (how many bytes the
/// reader handed over) and those bytes exactly — as `raw`, a JSON string, when they are valid
/// UTF-8, else as `raw_base64`. Reasons are grouped by `category` (digits folded) for summaries.
///
/// ```swift
/// let rejects = try RejectLog(file: workspace.rejects.appendingPathComponent("postings.jsonl"))
/// rejects.record(Rejection(source: "postings.csv", line: 7525, reason: "unterminated quoted field"), raw: bytes)
/// try rejects.close()
/// ```
public final class RejectLog {
    /// Number of rejections recorded.
    public private(set) var count = 0
    /// Rejections per reason category (digits replaced by `N`).
    public private(set) var countsByCategory: [String: Int] = [:]
    /// The first few rejections, for reports (at most `keep`).
    public private(set) var first: [Rejection] = []
    /// The file rejects are written to, or nil when they are only counted.
    public let file: URL?

    private let keep: Int
    private var handle: FileHandle?
    private var pending = Data()

    /// - Parameters:
    ///   - file: where to write rejects as JSON Lines (created on the first reject); nil counts only.
    ///   - keep: how many rejections `first` remembers.
    public init(file: URL?, keep: Int = 20) {
        self.file = file
        self.keep = keep
    }

    /// Records one rejection; `raw` is the record as found, written byte for byte (see the type's
    /// documentation). The readers bound it: a record's bytes up to their record limit.
    public func record(_ rejection: Rejection, raw: some Collection<UInt8> = [UInt8]()) {
        count += 1
        countsByCategory[Self.category(of: rejection.reason), default: 0] += 1
        if first.count < keep { first.append(rejection) }
        guard file != nil else { return }
        var line = "{\"source\":\(JSONText.quoted(rejection.source)),\"line\":\(rejection.line),"
        line += "\"reason\":\(JSONText.quoted(rejection.reason)),\"raw_bytes\":\(raw.count),"
        let bytes = Array(raw)
        if let text = String(validating: bytes, as: UTF8.self) {
            line += "\"raw\":" + JSONText.quoted(text) + "}\n"
        } else {
            line += "\"raw_base64\":\"" + Data(bytes).base64EncodedString() + "\"}\n"
        }
        pending.append(contentsOf: line.utf8)
        if pending.count > 1 << 16 { try? flush() }
    }

    /// The exact bytes of a reject line written by ``record(_:raw:)``: `raw` as UTF-8 or
    /// `raw_base64` decoded; nil if the object has neither.
    public static func rawBytes(ofRejectLine object: [String: Any]) -> [UInt8]? {
        if let text = object["raw"] as? String { return Array(text.utf8) }
        if let encoded = object["raw_base64"] as? String, let data = Data(base64Encoded: encoded) { return [UInt8](data) }
        return nil
    }

    /// Writes what is pending and closes the file.
    /// - Throws: `JobMatchError.io` if the rejects file cannot be written.
    public func close() throws {
        try flush()
        try handle?.close()
        handle = nil
    }

    private func flush() throws {
        guard let file, !pending.isEmpty else { return }
        if handle == nil {
            do {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: file.path, contents: nil)
                handle = try FileHandle(forWritingTo: file)
            } catch {
                throw JobMatchError.io(path: file.path, reason: "cannot write rejects: \(error.localizedDescription)")
            }
        }
        do { try handle?.write(contentsOf: pending) } catch {
            throw JobMatchError.io(path: file.path, reason: "cannot write rejects: \(error.localizedDescription)")
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// The reason with every run of digits replaced by `N`: "expected 14 fields, found N".
    public static func category(of reason: String) -> String {
        var out = ""
        var inDigits = false
        for ch in reason {
            if ch.isASCII, ch.isNumber {
                if !inDigits { out.append("N") }
                inDigits = true
            } else {
                out.append(ch)
                inDigits = false
            }
        }
        return out
    }
}

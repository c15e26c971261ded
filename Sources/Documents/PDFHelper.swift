import Foundation

/// Runs a PDF's extraction in the `jobmatch-extract` helper process, with resource limits.
///
/// Why a child process: poppler is a large C library reading a hostile format, and a crash, a hang
/// or a runaway allocation inside it must cost one CV, never the server or a batch of CVs. The
/// helper caps itself with `setrlimit` before it reads a byte (address space `RLIMIT_AS`, CPU time
/// `RLIMIT_CPU`, output size `RLIMIT_FSIZE`, no core dumps), and the parent kills it after a
/// wall-clock timeout. Why a small separate executable rather than `fork()`: forking a
/// multi-threaded Swift process (the server, the pipeline's thread pools) and running C code in
/// the child is unsafe (locks held by other threads stay held), and re-invoking `jobmatch` would
/// not serve `jobmatch-server` or the tests; a fresh `posix_spawn` (Foundation's `Process`) of a
/// binary that links only this module is the simplest robust design. It is found beside the
/// running executable, as `jobmatch` finds `jobmatch-server` (`JOBMATCH_EXTRACT` overrides).
///
/// The helper prints one JSON object: `{"document": ExtractedDocument}` or `{"error": DocumentError}`.
public enum PDFHelper {
    public static let name = "jobmatch-extract"

    /// `jobmatch-extract` beside this executable (symbolic links resolved), or `$JOBMATCH_EXTRACT`.
    public static var path: String {
        if let path = ProcessInfo.processInfo.environment["JOBMATCH_EXTRACT"], !path.isEmpty { return path }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// What the helper prints.
    struct Reply: Codable {
        var document: ExtractedDocument?
        var error: DocumentError?
    }

    /// Extracts the PDF at `path` in the helper; `file` is the name errors carry.
    /// - Throws: the helper's `DocumentError`, or `.tooLarge` when it ran out of time or memory,
    ///   `.damaged` when it crashed, `.io` when it cannot be started.
    static func extract(path: String, file: String, limits: DocumentLimits, helper: String = PDFHelper.path) throws -> ExtractedDocument {
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            throw DocumentError(.io, file: file, "cannot read PDFs: the helper \(helper) is missing; build it with `swift build --product \(name)`")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-extract-\(UUID().uuidString).json")
        _ = FileManager.default.createFile(atPath: scratch.path, contents: nil, attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(at: scratch) }
        guard let output = FileHandle(forWritingAtPath: scratch.path) else {
            throw DocumentError(.io, file: file, "cannot write the helper's output to \(scratch.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [
            "--name", file, "--memory", String(limits.helperMemoryBytes), "--cpu", String(limits.helperCPUSeconds),
            "--max-pages", String(limits.maxPages), "--max-text", String(limits.maxTextBytes),
            "--max-file", String(limits.maxFileBytes), path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice  // poppler's syntax warnings
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            try? output.close()
            throw DocumentError(.io, file: file, "cannot start \(helper): \(error.localizedDescription)")
        }
        try? output.close()
        if done.wait(timeout: .now() + limits.helperWallSeconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
            throw DocumentError(.tooLarge, file: file, "reading the PDF took more than \(Int(limits.helperWallSeconds)) s; stopped")
        }
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            if signal == SIGXCPU || signal == SIGKILL {
                throw DocumentError(.tooLarge, file: file, "reading the PDF took more than \(limits.helperCPUSeconds) s of CPU; stopped")
            }
            throw DocumentError(.damaged, file: file, "the PDF reader stopped on signal \(signal) (a damaged file, or over its \(limits.helperMemoryBytes >> 20) MiB memory limit)")
        }
        let data = (try? Data(contentsOf: scratch)) ?? Data()
        guard let reply = try? JSONDecoder().decode(Reply.self, from: data) else {
            throw DocumentError(.damaged, file: file, "the PDF reader exited with status \(process.terminationStatus) and no answer (a damaged file, or over its \(limits.helperMemoryBytes >> 20) MiB memory limit)")
        }
        if let error = reply.error { throw error }
        guard let document = reply.document else { throw DocumentError(.io, file: file, "the PDF reader gave an empty answer") }
        return document
    }

    /// The helper's whole life: parse `arguments` (as built by ``extract(path:file:limits:)``),
    /// cap this process, read the PDF, print the reply. Returns the exit status.
    public static func helperMain(_ arguments: [String]) -> Int32 {
        var options: [String: String] = [:], path: String?
        var i = 0
        while i < arguments.count {
            if arguments[i].hasPrefix("--"), i + 1 < arguments.count {
                options[String(arguments[i].dropFirst(2))] = arguments[i + 1]
                i += 2
            } else {
                path = arguments[i]
                i += 1
            }
        }
        guard let path else {
            FileHandle.standardError.write(Data("usage: \(name) [--name NAME] [--memory BYTES] [--cpu SECONDS] [--max-pages N] [--max-text BYTES] [--max-file BYTES] FILE.pdf\n".utf8))
            return 64
        }
        var limits = DocumentLimits()
        if let v = options["memory"].flatMap(Int.init) { limits.helperMemoryBytes = v }
        if let v = options["cpu"].flatMap(Int.init) { limits.helperCPUSeconds = v }
        if let v = options["max-pages"].flatMap(Int.init) { limits.maxPages = v }
        if let v = options["max-text"].flatMap(Int.init) { limits.maxTextBytes = v }
        if let v = options["max-file"].flatMap(Int.init) { limits.maxFileBytes = v }
        capSelf(limits)
        let file = options["name"] ?? path
        var reply = Reply()
        do {
            let data = try DocumentText.contents(of: path, file: file, limits: limits)
            reply.document = try PDFTextExtractor.extract(data: data, file: file, limits: limits)
        } catch let error as DocumentError {
            reply.error = error
        } catch {
            reply.error = DocumentError(.damaged, file: file, "not a readable PDF")
        }
        guard let json = try? JSONEncoder().encode(reply) else { return 70 }
        FileHandle.standardOutput.write(json)
        return reply.error == nil ? 0 : 65
    }

    /// `setrlimit` on this process: address space, CPU seconds, output size, no core files.
    static func capSelf(_ limits: DocumentLimits) {
        #if canImport(Glibc)
        func cap(_ resource: __rlimit_resource, _ value: Int) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            _ = setrlimit(__rlimit_resource_t(resource.rawValue), &limit)
        }
        #else
        func cap(_ resource: Int32, _ value: Int) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            _ = setrlimit(resource, &limit)
        }
        #endif
        cap(RLIMIT_AS, limits.helperMemoryBytes)
        cap(RLIMIT_CPU, limits.helperCPUSeconds)
        cap(RLIMIT_FSIZE, 2 * limits.maxTextBytes + (1 << 20))
        cap(RLIMIT_CORE, 0)
    }
}

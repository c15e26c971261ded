import CFuzzer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private folder per fuzzing process (in /dev/shm when there is one, so writes cost no disk)
/// where a harness puts the input bytes as the file the reader under test opens.
public enum Scratch {
    /// `$JOBMATCH_FUZZ_SCRATCH` or /dev/shm (else /tmp), then `jobmatch-fuzz-<pid>`.
    public static let folder: String = {
        let base = getenv("JOBMATCH_FUZZ_SCRATCH").map { String(cString: $0) }
            ?? (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp")
        let path = "\(base)/jobmatch-fuzz-\(getpid())"
        mkdir(path, 0o755)
        return path
    }()

    /// Writes `size` bytes at `data` to `name` inside `folder` (replacing it) and returns its path.
    public static func file(_ name: String, _ data: UnsafePointer<UInt8>?, _ size: Int, in folder: String = folder) -> String {
        let path = folder + "/" + name
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(path)")
        var done = 0
        while done < size, let data {
            let n = write(fd, data + done, size - done)
            precondition(n > 0, "cannot write \(path)")
            done += n
        }
        close(fd)
        return path
    }

    /// Makes `path` (and its parents) as folders.
    public static func makeFolders(_ path: String) {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            mkdir(prefix, 0o755)
        }
    }

    /// Removes every file in `path` (one level; folders inside are emptied the same way).
    public static func empty(_ path: String) {
        guard let dir = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names {
            let child = path + "/" + name
            if unlink(child) != 0 {
                empty(child)
                rmdir(child)
            }
        }
    }
}

/// Runs libFuzzer on `testOneInput` with the process's arguments (libFuzzer's flags and corpus
/// folders) and exits with its status.
public func runFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
}

import Foundation

/// What the matcher and `jobmatch search` need of an index file, flat or inverted-file.
///
/// A filter allows ids: the flat index's rows are its ids wherever JobMatch builds it (row numbers
/// of the encoded table), and the IVF index checks each candidate's id.
public protocol SearchableIndex: Sendable {
    var dimension: Int { get }
    var count: Int { get }
    /// The structure and encoding in FAISS's factory words (`IDMap,Flat`, `IVF1024,Flat`).
    var faissName: String { get }
    func search(_ query: [Float], k: Int, filter: RowFilter?) throws -> [SearchHit]
    func search(batch queries: [Float], k: Int, filter: RowFilter?) throws -> [[SearchHit]]
}

extension SearchableIndex {
    public func search(_ query: [Float], k: Int) throws -> [SearchHit] { try search(query, k: k, filter: nil) }
    public func search(batch queries: [Float], k: Int) throws -> [[SearchHit]] { try search(batch: queries, k: k, filter: nil) }
}

extension FlatInnerProductIndex: SearchableIndex {
    public var faissName: String { encoding.faissName }
}

extension IVFIndex: SearchableIndex {
    public var faissName: String { "IVF\(nlist),\(codes == .float32 ? "Flat" : "SQ8")" }
    public func search(_ query: [Float], k: Int, filter: RowFilter?) throws -> [SearchHit] {
        try search(query, k: k, nprobe: nil, filter: filter)
    }
    public func search(batch queries: [Float], k: Int, filter: RowFilter?) throws -> [[SearchHit]] {
        try search(batch: queries, k: k, nprobe: nil, filter: filter)
    }
}

/// Opens index files by what they hold.
public enum IndexFile {
    /// The index in `url`: an `IVFIndex` for a FAISS `IndexIVFFlat` or `IndexIVFScalarQuantizer`, else a
    /// `FlatInnerProductIndex` (which names any other type it refuses). Both memory-mapped.
    ///
    /// - Parameter nprobe: lists an IVF index scans per search (nil: the file's own `nprobe`).
    /// - Throws: `VectorIndexError` naming the file.
    public static func open(_ url: URL, nprobe: Int? = nil) throws -> any SearchableIndex {
        if try [FaissIVFFormat.ivfFlat, FaissIVFFormat.ivfScalarQuantizer].contains(fourcc(url)) {
            var ivf = try IVFIndex(contentsOf: url)
            if let nprobe { ivf.nprobe = max(1, min(nprobe, ivf.nlist)) }
            return ivf
        }
        return try FlatInnerProductIndex(contentsOf: url)
    }

    /// The file's first four bytes (empty when shorter).
    static func fourcc(_ url: URL) throws -> String {
        guard let h = FileHandle(forReadingAtPath: url.path) else {
            throw VectorIndexError(.io, path: url.path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { try? h.close() }
        let b = (try? h.read(upToCount: 4)) ?? Data()
        return b.count == 4 ? String(decoding: b, as: UTF8.self) : ""
    }
}

/// The Thrift structs of parquet.thrift that this module reads and writes, as plain values.
///
/// Field ids follow apache/parquet-format `src/main/thrift/parquet.thrift`. Unknown fields are
/// skipped on read. Enums stay raw `Int32` here; the public types interpret them.
struct FileMetadata {
    var version: Int32 = 2
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroupMetadata] = []
    var keyValues: [(String, String?)] = []
    var createdBy: String?
}

/// Physical types (parquet.thrift `Type`).
enum PhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6
    case fixedLenByteArray = 7
}

/// Page encodings (parquet.thrift `Encoding`).
enum Encoding: Int32 {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

/// The logical type union, reduced to what the module maps to `ParquetType`.
enum LogicalTypeMeta: Equatable {
    case string, list, map, enumeration, date, json
    case timestamp(utc: Bool, unit: ParquetTimeUnit)
    case integer(bits: Int8, signed: Bool)
    case other(Int16)
}

struct SchemaElement {
    var type: PhysicalType?
    var typeLength: Int32?
    /// 0 required, 1 optional, 2 repeated.
    var repetition: Int32?
    var name: String = ""
    var numChildren: Int32?
    var convertedType: Int32?
    var logicalType: LogicalTypeMeta?
}

struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
}

struct ColumnChunkMetadata {
    var fileOffset: Int64 = 0
    var meta: ColumnMetadata?
}

struct ColumnMetadata {
    var type: PhysicalType = .int32
    var encodings: [Int32] = []
    var path: [String] = []
    var codec: Int32 = 0
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    var statistics: StatisticsMetadata?
}

struct StatisticsMetadata {
    var max: [UInt8]?
    var min: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
}

/// Page types (parquet.thrift `PageType`).
enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

struct PageHeader {
    var type: Int32 = 0
    var uncompressedSize: Int32 = 0
    var compressedSize: Int32 = 0
    var dataPage: DataPageHeader?
    var dictionaryPage: DictionaryPageHeader?
    var dataPageV2: DataPageHeaderV2?
}

struct DataPageHeader {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    var repetitionLevelEncoding: Int32 = 3
}

struct DictionaryPageHeader {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
}

struct DataPageHeaderV2 {
    var numValues: Int32 = 0
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed: Bool = true
}

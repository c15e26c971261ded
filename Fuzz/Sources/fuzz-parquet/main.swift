// libFuzzer harness: ParquetReader opens any bytes as a file and reads every column of every
// row group, then every value.
import Foundation
import FuzzSupport
import Parquet

func fuzzParquet(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let url = URL(fileURLWithPath: Scratch.file("input.parquet", data, size))
    do {
        let reader = try ParquetReader(url: url)
        for index in reader.rowGroups.indices {
            for field in reader.schema.fields {
                guard let column = try? reader.readColumn(field.name, rowGroup: index) else { continue }
                _ = column.rowValues(as: field.type)
            }
        }
    } catch {}
    return 0
}

runFuzzer(fuzzParquet)

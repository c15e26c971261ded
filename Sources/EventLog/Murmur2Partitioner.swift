/// Kafka's default key partitioner: murmur2 of the key bytes, made positive, modulo the count.
///
/// The hash is the one in Kafka's Java client (`org.apache.kafka.common.utils.Utils.murmur2`,
/// seed `0x9747b28c`) and librdkafka's `murmur2` / `murmur2_random` partitioners, so a record
/// produced here lands on the partition a Java or librdkafka producer would choose.
///
/// ```swift
/// Murmur2Partitioner.partition(forKey: Array("foobar".utf8), partitionCount: 3)
/// ```
public enum Murmur2Partitioner {
    /// Kafka's murmur2 of `key`, as a signed 32-bit value (Java `int`).
    public static func murmur2(_ key: UnsafeRawBufferPointer) -> Int32 {
        let m: UInt32 = 0x5BD1_E995
        let length = key.count
        var h: UInt32 = 0x9747_B28C ^ UInt32(truncatingIfNeeded: length)
        var i = 0
        while i + 4 <= length {
            var k = key.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
            k = k &* m
            k ^= k >> 24
            k = k &* m
            h = h &* m
            h ^= k
            i += 4
        }
        let tail = length & 3
        if tail > 0 {
            if tail == 3 { h ^= UInt32(key[i + 2]) << 16 }
            if tail >= 2 { h ^= UInt32(key[i + 1]) << 8 }
            h ^= UInt32(key[i])
            h = h &* m
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Kafka's murmur2 of `key`.
    public static func murmur2(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBytes { murmur2($0) }
    }

    /// The partition Kafka's default partitioner picks for `key`: `(murmur2(key) & 0x7fffffff) % count`.
    public static func partition(forKey key: [UInt8], partitionCount: Int) -> Int {
        precondition(partitionCount > 0, "partitionCount must be positive")
        let positive = UInt32(bitPattern: murmur2(key)) & 0x7FFF_FFFF
        return Int(positive % UInt32(partitionCount))
    }
}

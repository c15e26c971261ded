import CRdKafka
import Testing
@testable import EventLog

@Suite struct Murmur2PartitionerTests {
    /// Hashes from Kafka's own test of `Utils.murmur2` (UtilsTest.testMurmur2) and akka's Murmur2Spec.
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", Int32(-790_332_482)),
        ("a-little-bit-long-string", Int32(-985_981_536)),
        ("a-little-bit-longer-string", Int32(-1_486_304_829)),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", Int32(-58_897_971)),
        ("abc", Int32(479_470_107)),
        ("1", Int32(-1_993_445_489)),
        ("12", Int32(126_087_238)),
        ("123", Int32(-267_702_483)),
        ("1234", Int32(-1_614_185_708)),
        ("12345", Int32(-1_188_365_604)),
    ])
    func javaClientHashes(key: String, expected: Int32) {
        #expect(Murmur2Partitioner.murmur2(Array(key.utf8)) == expected)
    }

    /// Key → partition pairs (3 partitions) derived from the Java hashes above: (h & 0x7fffffff) % 3.
    @Test(arguments: [
        ("21", 0), ("foobar", 0), ("abc", 0), ("1", 0), ("12", 1), ("12345", 2),
    ])
    func knownPartitions(key: String, partition: Int) {
        #expect(Murmur2Partitioner.partition(forKey: Array(key.utf8), partitionCount: 3) == partition)
    }

    /// Our partitioner agrees with librdkafka's `rd_kafka_msg_partitioner_murmur2` on many keys.
    @Test(arguments: [1, 3, 7, 64])
    func agreesWithLibrdkafka(partitionCount: Int) {
        var generator = SeededGenerator(seed: UInt64(partitionCount))
        for i in 0..<2_000 {
            let length = Int.random(in: 1...40, using: &generator)
            var key = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if i % 2 == 0 { key = Array("https://www.linkedin.com/jobs/view/\(i)".utf8) }
            let theirs = key.withUnsafeBytes { raw in
                rd_kafka_msg_partitioner_murmur2(nil, raw.baseAddress, raw.count, Int32(partitionCount), nil, nil)
            }
            #expect(Murmur2Partitioner.partition(forKey: key, partitionCount: partitionCount) == Int(theirs), "key #\(i)")
        }
    }
}

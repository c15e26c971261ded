/// The records the crash child (`jobmatch log-torture`) writes, shared by the event-log
/// durability tests and the process tests that kill the child.

/// The crash child's value for record `n` (the formula of `LogTortureCommand.value`).
public func tortureValue(_ n: Int) -> [UInt8] {
    var bytes = Array("seq=\(n)|".utf8)
    let length = 10 + (n &* 7_919) % 300
    for j in 0..<length { bytes.append(UInt8(97 + (n &* 31 &+ j) % 26)) }
    return bytes
}

public func sequenceNumber(_ value: [UInt8]) -> Int? {
    guard let bar = value.firstIndex(of: UInt8(ascii: "|")), value.starts(with: Array("seq=".utf8)) else { return nil }
    return Int(String(decoding: value[4..<bar], as: UTF8.self))
}

import Feedback
import Foundation
import Testing
import TestSupport

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST examples.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistExamples(_ input: String, _ expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    @Test func aMillionAs() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length across the padding boundaries (55, 56, 63, 64, 119, 120, 128 bytes) and
    /// multi-byte UTF-8, against Python's hashlib.
    @Test func agreesWithHashlib() async throws {
        var generator = SplitMix64(seed: 11)
        let alphabet = Array("abcXYZ 019\n\"'é€😀")
        let texts = (0...130).map { length in String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }) }
        let script = "import hashlib, json, sys\nfor t in json.load(sys.stdin): print(hashlib.sha256(t.encode()).hexdigest())"
        let input = TestPaths.file(String(decoding: try JSONEncoder().encode(texts), as: UTF8.self), name: "texts.json")
        let result = try await TestProcess.run("/bin/sh", ["-c", "\"$0\" -c \"$1\" < \"$2\"", TestPaths.python, script, input])
        try #require(result.status == 0, "python: \(result.stderr)")
        let expected = result.stdout.split(separator: "\n").map(String.init)
        try #require(expected.count == texts.count)
        for (text, digest) in zip(texts, expected) {
            #expect(SHA256.hex(text) == digest, "length \(text.utf8.count)")
        }
    }
}

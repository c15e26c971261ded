/// The tests' seeded generator is the package's own (so every test run sees the same data).
@_exported import struct JobMatchCore.SplitMix64

import Foundation
import TestSupport

/// The built `jobmatch` binary (TestSupport finds it).
func jobmatchBinary() -> String { TestPaths.jobmatchBinary }

import Foundation
import Testing
@testable import Documents

/// The helper process's bounds: an error naming the file, never a hang or a crash of the caller.
@Suite struct PDFHelperTests {
    @Test func wallClockLimitStopsTheHelper() throws {
        var limits = DocumentLimits()
        limits.helperWallSeconds = 0.001
        let error = #expect(throws: DocumentError.self) {
            try PDFHelper.extract(path: DocumentFixtures.path("cv_two_column.pdf"), file: "cv.pdf", limits: limits)
        }
        #expect(error?.kind == .tooLarge && error?.file == "cv.pdf")
    }

    /// 8 MiB of address space is not enough to load poppler: the helper dies, the caller reports it.
    @Test func memoryLimitIsAppliedToTheHelper() throws {
        var limits = DocumentLimits()
        limits.helperMemoryBytes = 8 << 20
        let error = #expect(throws: DocumentError.self) {
            try PDFHelper.extract(path: DocumentFixtures.path("cv_two_column.pdf"), file: "cv.pdf", limits: limits)
        }
        #expect(error?.file == "cv.pdf")
        #expect(error?.reason.contains("8 MiB memory limit") == true, "\(String(describing: error))")
    }

    @Test func missingHelperIsAClearError() throws {
        let error = #expect(throws: DocumentError.self) {
            try PDFHelper.extract(path: DocumentFixtures.path("cv_two_column.pdf"), file: "cv.pdf", limits: .default, helper: "/nonexistent/jobmatch-extract")
        }
        #expect(error?.kind == .io && error?.reason.contains("swift build --product jobmatch-extract") == true)
    }
}

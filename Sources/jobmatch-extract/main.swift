import Documents
import Foundation

// The PDF helper: `jobmatch-extract [--name NAME] [--memory BYTES] [--cpu S] … FILE.pdf` caps its
// own memory and CPU time, reads the PDF with poppler and prints one JSON reply (Documents.PDFHelper).
exit(PDFHelper.helperMain(Array(CommandLine.arguments.dropFirst())))

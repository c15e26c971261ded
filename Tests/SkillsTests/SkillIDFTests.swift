import Foundation
import Testing
@testable import Skills

@Suite struct SkillIDFTests {
    /// Hand-computed: N = 4 documents; df(sql) = 3, df(python) = 2, df(nursing) = 1.
    @Test func smoothIDFMatchesHandComputedValues() {
        let idf = SkillIDF(documents: [["python", "sql"], ["sql", "sql"], ["nursing", "sql"], ["python"]])
        #expect(idf.documentCount == 4)
        #expect(idf.documentFrequency == ["python": 2, "sql": 3, "nursing": 1])
        // ln(5/4) + 1, ln(5/3) + 1, ln(5/2) + 1, ln(5/1) + 1
        #expect(abs(idf["sql"] - 1.2231435513142097) < 1e-12)
        #expect(abs(idf["python"] - 1.5108256237659907) < 1e-12)
        #expect(abs(idf["nursing"] - 1.916290731874155) < 1e-12)
        #expect(abs(idf["welding"] - 2.6094379124341003) < 1e-12)
        #expect(idf.maximum == idf["welding"])
        #expect(idf.rankedByWeight(["sql", "nursing", "python", "welding"]) == ["welding", "nursing", "python", "sql"])
    }

    /// scikit-learn's TfidfVectorizer(smooth_idf=True).idf_ on the same corpus (values from
    /// scikit-learn 1.9.1 in ~/.cache/jobmatch/venv-fixtures, fitted on "python sql", "sql sql", "nursing sql",
    /// "python": idf_ = 1.51082562 python, 1.22314355 sql, 1.91629073 nursing).
    @Test func agreesWithSklearnsFormula() {
        for (n, df, expected) in [(4, 2, 1.51082562), (4, 3, 1.22314355), (4, 1, 1.91629073), (10, 10, 1.0)] {
            #expect(abs(SkillIDF.idf(documents: n, frequency: df) - expected) < 1e-8)
        }
    }

    @Test func jsonRoundTrips() throws {
        let idf = SkillIDF(documents: [["a", "b"], ["b"]])
        let data = try idf.jsonData()
        #expect(String(decoding: data, as: UTF8.self).contains("\"formula\":\"idf = ln((N + 1) \\/ (df + 1)) + 1\""))
        #expect(try SkillIDF(json: data, file: "idf.json") == idf)
    }

    @Test func badJSONNamesTheFileAndField() {
        func message(_ json: String) -> String? {
            do { _ = try SkillIDF(json: Data(json.utf8), file: "idf.json"); return nil } catch { return "\(error)" }
        }
        #expect(message(#"{"document_count":2}"#) == "idf.json: missing field 'document_frequency'")
        #expect(message(#"{"document_count":2,"document_frequency":{"a":3}}"#)?.contains("'a' has df 3, outside 0...2") == true)
        #expect(message(#"{"document_count":"x","document_frequency":{}}"#) == "idf.json: document_count: wrong type")
        #expect(message("not json")?.hasPrefix("idf.json:") == true)
    }

    @Test func emptyCorpusWeighsEverythingOne() {
        let idf = SkillIDF(documents: [[String]]())
        #expect(idf.documentCount == 0 && idf["x"] == 1.0)
    }
}

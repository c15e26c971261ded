import Foundation
import Matching
import Testing
@testable import jobmatch

/// `match`'s text form on a posting that names no skills (the real LinkedIn samples carry a title
/// only): "✓ matched (0) / ✗ missing (0)" read as if the CV had every skill the job asks for.
@Suite("match's text form")
struct MatchTableTests {
    static func response(_ results: String) throws -> MatchResponse {
        let json = """
        {"cv_id": null, "model": "m", "model_fingerprint": "f", "index": "jobs.faiss", "index_created": "t", "candidates": 30,
         "ranking": "hybrid", "reranker_fingerprint": null, "results": [\(results)]}
        """
        return try JSONDecoder().decode(MatchResponse.self, from: Data(json.utf8))
    }

    @Test("a posting without skills says so; one with skills lists them")
    func postingWithoutSkills() throws {
        let r = try Self.response("""
            {"rank": 1, "job_id": "a", "title": "Veterinarian", "score": 0.5, "matched_skills": [], "missing_skills": []},
            {"rank": 2, "job_id": "b", "title": "Nurse", "score": 0.4, "matched_skills": [{"id": "s1", "name": "Triage", "idf": 2, "cv_spans": []}],
             "missing_skills": []}
            """)
        let text = MatchTable.render(r, cv: CVQuery(cvID: nil, text: "triage", embeddingText: "triage", skills: ["s1"], spans: [:]))
        let cards = text.components(separatedBy: "\n 2. ")
        #expect(cards.count == 2, "\(text)")
        #expect(cards[0].contains("(the posting names no skills we recognise: it was ranked on its text alone)")
                && !cards[0].contains("✓ matched") && !cards[0].contains("✗ missing"), "\(text)")
        #expect(cards[1].contains("✓ matched (1): Triage") && cards[1].contains("✗ missing (0): —") && !cards[1].contains("names no skills"), "\(text)")
    }

    @Test("a job without skills says so on the recruiter's side too")
    func jobWithoutSkills() throws {
        let json = """
        {"job_id": "j", "title": "Veterinarian", "model": "m", "model_fingerprint": "f", "index": "cvs.faiss", "index_cvs": 2, "candidates": 30,
         "ranking": "retrieval", "reranker_fingerprint": null, "results": [
           {"rank": 1, "cv_id": "cv-1", "headline": "Vet", "location": null, "years_experience": null, "score": 0.5, "rerank_score": null,
            "matched_skills": [], "missing_skills": []}]}
        """
        let r = try JSONDecoder().decode(CandidateResponse.self, from: Data(json.utf8))
        let text = CandidateTable.render(r)
        #expect(text.contains("(the job names no skills we recognise: the CVs were ranked on the texts alone)") && !text.contains("✓ shows"), "\(text)")
    }
}

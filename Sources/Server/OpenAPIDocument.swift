/// The OpenAPI 3.1 description of the API, served at `GET /openapi.json`.
///
/// Written by hand next to the handlers (`Routes`) and the wire types (`APITypes.swift`); the
/// server tests check that its paths are exactly the router's routes, that it is a valid
/// OpenAPI 3.1 document (openapi-spec-validator), and that real responses match its schemas.
/// Kept in the binary (not a resource file) so `jobmatch serve` needs no files beside it.
public enum OpenAPIDocument {
    public static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "JobMatch",
        "version": "1.0.0",
        "description": "Match a CV to job postings and record feedback on the matches. Errors are JSON objects {\"error\": {\"status\", \"code\", \"message\"}}. When the server runs with --token, POST endpoints, /jobs/{id} and /metrics (unless --open-metrics) need Authorization: Bearer <token>."
      },
      "servers": [{"url": "http://127.0.0.1:8080"}],
      "paths": {
        "/match": {
          "post": {
            "operationId": "match",
            "summary": "Rank jobs for a CV (pasted text or a CV id) and record what was shown.",
            "security": [{}, {"bearer": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatchRequest"}}}
            },
            "responses": {
              "200": {"description": "Ranked jobs; request_id identifies them for feedback.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatchResponse"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Error"},
              "403": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "500": {"$ref": "#/components/responses/Error"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/match/job": {
          "post": {
            "operationId": "matchJob",
            "summary": "Rank the CVs open to recruiters for a job (a job id or a posting's text), explained from the job's side.",
            "security": [{}, {"bearer": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CandidateRequest"}}}
            },
            "responses": {
              "200": {"description": "Ranked CVs (no names): the same objects `jobmatch match --job-id --json` prints; request_id identifies them for POST /feedback/candidate.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CandidateResponse"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Error"},
              "403": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "500": {"$ref": "#/components/responses/Error"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/feedback/candidate": {
          "post": {
            "operationId": "candidateFeedback",
            "summary": "Record a recruiter's reaction to a CV that a /match/job request showed; likes, contacts and hires become training pairs and judgments.",
            "security": [{}, {"bearer": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CandidateFeedbackRequest"}}}
            },
            "responses": {
              "201": {"description": "Stored (on disk when answered).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CandidateFeedbackResponse"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Error"},
              "403": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Error"},
              "500": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/feedback": {
          "post": {
            "operationId": "feedback",
            "summary": "Record a reaction to a job that a match request showed.",
            "security": [{}, {"bearer": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedbackRequest"}}}
            },
            "responses": {
              "201": {"description": "Stored (on disk when answered).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedbackResponse"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Error"},
              "403": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Error"},
              "500": {"$ref": "#/components/responses/Error"}
            }
          }
        },
    \#(alertsPaths)    "/jobs/{id}": {
          "get": {
            "operationId": "job",
            "summary": "One job posting.",
            "security": [{}, {"bearer": []}],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "500": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/explain": {
          "get": {
            "operationId": "explain",
            "summary": "Why a job was ranked where it was: the rank, scores, order, model and index recorded when it was shown, and the skill evidence.",
            "security": [{}, {"bearer": []}],
            "parameters": [
              {"name": "request_id", "in": "query", "required": true, "schema": {"type": "string"}},
              {"name": "job_id", "in": "query", "required": true, "schema": {"type": "string"}}
            ],
            "responses": {
              "200": {"description": "The result as recorded.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Explanation"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Error"},
              "500": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/health": {
          "get": {
            "operationId": "health",
            "summary": "Liveness, with the serving model and index.",
            "responses": {
              "200": {"description": "Serving.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "metrics",
            "summary": "Prometheus text: requests by method, route and status; latency histogram; index size; model version.",
            "responses": {
              "200": {"description": "Prometheus text format 0.0.4.", "content": {"text/plain": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "responses": {
              "200": {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object"}}}}
            }
          }
        },
        "/": {
          "get": {
            "operationId": "page",
            "summary": "The web page: paste or upload a CV, see ranked jobs, react to them.",
            "responses": {
              "200": {"description": "HTML; Content-Security-Policy default-src 'self'.", "content": {"text/html": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/app.css": {
          "get": {
            "operationId": "pageStyle",
            "summary": "The web page's stylesheet.",
            "responses": {
              "200": {"description": "CSS.", "content": {"text/css": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/app.js": {
          "get": {
            "operationId": "pageScript",
            "summary": "The web page's script.",
            "responses": {
              "200": {"description": "JavaScript.", "content": {"text/javascript": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/recruit": {
          "get": {
            "operationId": "recruiterPage",
            "summary": "The recruiter's page: a job id or a posting in, the CVs open to recruiters out, with Like / Not a fit / Contacted.",
            "responses": {
              "200": {"description": "HTML; Content-Security-Policy default-src 'self'.", "content": {"text/html": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/recruit.js": {
          "get": {
            "operationId": "recruiterScript",
            "summary": "The recruiter page's script.",
            "responses": {
              "200": {"description": "JavaScript.", "content": {"text/javascript": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/favicon.svg": {
          "get": {
            "operationId": "pageIcon",
            "summary": "The web page's icon.",
            "responses": {
              "200": {"description": "SVG.", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer", "description": "Only when the server runs with --token."}
        },
        "responses": {
          "Error": {
            "description": "An error.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "RateLimited": {
            "description": "This client's rate limit is spent (code rate_limited): retry after Retry-After seconds.",
            "headers": {"Retry-After": {"description": "Whole seconds until a request will pass.", "schema": {"type": "integer", "minimum": 1}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          }
        },
        "schemas": {
    \#(alertsSchemas)      "MatchRequest": {
            "type": "object",
            "description": "Exactly one of text, cv_id and cv_file.",
            "properties": {
              "text": {"type": "string", "minLength": 1, "maxLength": 100000, "description": "The CV as plain text."},
              "cv_id": {"type": "string", "minLength": 1, "maxLength": 200, "description": "A CV id of tables/cvs.parquet."},
              "cv_file": {
                "type": "object", "required": ["name", "content_base64"],
                "description": "A CV file as sent: PDF, DOCX or UTF-8 text, told apart by content; read in reading order (PDF columns one after the other, repeated headers and footers dropped). A PDF without a text layer is a 422 (unreadable_cv_file); a file over the reader's bounds a 413 (cv_file_too_large). The body limit applies to the base64 text.",
                "properties": {
                  "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The file's name (never echoed in errors)."},
                  "content_base64": {"type": "string", "contentEncoding": "base64", "description": "The file's bytes."}
                }
              },
              "filters": {"$ref": "#/components/schemas/Filters"},
              "top": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
              "keep_text": {"type": "boolean", "default": false,
                            "description": "Store the pasted text with the request (else only its SHA-256), so it can become training data."}
            },
            "oneOf": [{"required": ["text"]}, {"required": ["cv_id"]}, {"required": ["cv_file"]}]
          },
          "CandidateRequest": {
            "type": "object",
            "description": "Exactly one of job_id and job_text.",
            "properties": {
              "job_id": {"type": "string", "minLength": 1, "maxLength": 200, "description": "A job id of tables/jobs.parquet."},
              "job_text": {"type": "string", "minLength": 1, "maxLength": 100000, "description": "A posting: first line its title, the rest its description."},
              "top": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}
            },
            "oneOf": [{"required": ["job_id"]}, {"required": ["job_text"]}]
          },
          "CandidateResponse": {
            "type": "object",
            "required": ["request_id", "job_id", "title", "model_version", "index_version", "ranking_version", "results"],
            "properties": {
              "request_id": {"type": "string", "description": "Identifies the CVs shown, for POST /feedback/candidate."},
              "job_id": {"type": ["string", "null"], "description": "Null for a pasted posting (stored as its SHA-256 only)."},
              "title": {"type": "string"},
              "model_version": {"type": "string"},
              "index_version": {"type": "string", "description": "cvs.faiss@<created>: the CVs open to recruiters."},
              "ranking_version": {"type": "string"},
              "results": {"type": "array", "items": {"$ref": "#/components/schemas/CandidateResult"}}
            }
          },
          "CandidateResult": {
            "type": "object",
            "description": "One CV for the job: the job's skills it shows (with spans in the CV's text) and those it lacks. No name or contact.",
            "required": ["rank", "cv_id", "headline", "location", "years_experience", "score", "rerank_score", "matched_skills", "missing_skills"],
            "properties": {
              "rank": {"type": "integer", "minimum": 1},
              "cv_id": {"type": "string"},
              "headline": {"type": ["string", "null"]},
              "location": {"type": ["string", "null"]},
              "years_experience": {"type": ["number", "null"]},
              "score": {"type": "number", "description": "Bi-encoder cosine: the same as this pair's score from the CV's side."},
              "rerank_score": {"type": ["number", "null"]},
              "matched_skills": {"type": "array", "items": {"$ref": "#/components/schemas/SkillEvidence"}},
              "missing_skills": {"type": "array", "items": {"$ref": "#/components/schemas/SkillRef"}}
            }
          },
          "Filters": {
            "type": "object",
            "properties": {
              "country": {"type": "string"},
              "level": {"type": "string"},
              "remote": {"type": "boolean"}
            }
          },
          "MatchResponse": {
            "type": "object",
            "required": ["request_id", "model_version", "index_version", "ranking_version", "results"],
            "properties": {
              "request_id": {"type": "string"},
              "model_version": {"type": "string"},
              "index_version": {"type": "string"},
              "ranking_version": {"type": ["string", "null"], "description": "The order shown: retrieval, hybrid, or rerank/fused@<reranker fingerprint>; stored with the request."},
              "results": {"type": "array", "items": {"$ref": "#/components/schemas/MatchResult"}}
            }
          },
          "MatchResult": {
            "type": "object",
            "description": "The same object `jobmatch match --json` prints.",
            "required": ["rank", "job_id", "title", "company", "location", "country", "level", "url", "score", "rerank_score", "matched_skills", "missing_skills"],
            "properties": {
              "rank": {"type": "integer", "minimum": 1},
              "job_id": {"type": "string"},
              "title": {"type": "string"},
              "company": {"type": ["string", "null"]},
              "location": {"type": ["string", "null"]},
              "country": {"type": ["string", "null"]},
              "level": {"type": ["string", "null"]},
              "url": {"type": ["string", "null"]},
              "score": {"type": "number", "description": "Bi-encoder cosine similarity."},
              "rerank_score": {"type": ["number", "null"], "description": "Cross-encoder score; null without a reranker."},
              "matched_skills": {"type": "array", "description": "Skills in both, most specific first, with where the CV says them.",
                "items": {"$ref": "#/components/schemas/SkillEvidence"}},
              "missing_skills": {"type": "array", "description": "Skills the job asks for that the CV does not show, most specific first.",
                "items": {"$ref": "#/components/schemas/SkillRef"}}
            }
          },
          "SkillRef": {
            "type": "object",
            "required": ["id", "name", "idf"],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "idf": {"type": "number"}}
          },
          "SkillEvidence": {
            "type": "object",
            "required": ["id", "name", "idf", "cv_spans"],
            "properties": {
              "id": {"type": "string"}, "name": {"type": "string"}, "idf": {"type": "number"},
              "cv_spans": {"type": "array", "description": "[start, end) character offsets in the CV's normalised text.",
                "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}
            }
          },
          "FeedbackRequest": {
            "type": "object",
            "required": ["request_id", "job_id", "event"],
            "properties": {
              "request_id": {"type": "string"},
              "job_id": {"type": "string"},
              "event": {"type": "string", "enum": ["like", "dislike", "applied", "hired"]},
              "reason": {"type": ["string", "null"], "maxLength": 1000}
            }
          },
          "FeedbackResponse": {
            "type": "object",
            "required": ["id", "request_id", "job_id", "event"],
            "properties": {
              "id": {"type": "integer"},
              "request_id": {"type": "string"},
              "job_id": {"type": "string"},
              "event": {"type": "string", "enum": ["like", "dislike", "applied", "hired"]}
            }
          },
          "Explanation": {
            "type": "object",
            "required": ["request_id", "job_id", "rank", "shown_at", "bi_encoder_score", "rerank_score", "ranking_version", "model_version",
                         "index_version", "filters", "matched_skills", "missing_skills"],
            "properties": {
              "request_id": {"type": "string"},
              "job_id": {"type": "string"},
              "rank": {"type": "integer", "minimum": 1},
              "shown_at": {"type": "string", "format": "date-time"},
              "bi_encoder_score": {"type": "number"},
              "rerank_score": {"type": ["number", "null"]},
              "ranking_version": {"type": ["string", "null"]},
              "model_version": {"type": "string"},
              "index_version": {"type": "string"},
              "filters": {"type": "object", "additionalProperties": {"type": "string"}},
              "matched_skills": {"type": ["array", "null"], "description": "Null for results stored before explanations were kept.",
                "items": {"type": "object", "required": ["id", "name", "cv_spans"],
                          "properties": {"id": {"type": "string"}, "name": {"type": ["string", "null"]},
                                         "cv_spans": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}}}},
              "missing_skills": {"type": ["array", "null"],
                "items": {"type": "object", "required": ["id", "name"],
                          "properties": {"id": {"type": "string"}, "name": {"type": ["string", "null"]}}}}
            }
          },
          "CandidateFeedbackRequest": {
            "type": "object",
            "required": ["request_id", "cv_id", "event"],
            "properties": {
              "request_id": {"type": "string", "description": "A /match/job request_id."},
              "cv_id": {"type": "string"},
              "event": {"type": "string", "enum": ["like", "dislike", "contacted", "hired"]},
              "reason": {"type": ["string", "null"], "maxLength": 1000}
            }
          },
          "CandidateFeedbackResponse": {
            "type": "object",
            "required": ["id", "request_id", "cv_id", "event"],
            "properties": {
              "id": {"type": "integer"},
              "request_id": {"type": "string"},
              "cv_id": {"type": "string"},
              "event": {"type": "string", "enum": ["like", "dislike", "contacted", "hired"]}
            }
          },
          "Job": {
            "type": "object",
            "required": ["job_id", "title", "company", "location", "skills"],
            "properties": {
              "job_id": {"type": "string"},
              "title": {"type": "string"},
              "company": {"type": "string"},
              "location": {"type": "string"},
              "country": {"type": ["string", "null"]},
              "level": {"type": ["string", "null"]},
              "remote": {"type": ["boolean", "null"]},
              "url": {"type": ["string", "null"]},
              "skills": {"type": "array", "items": {"type": "string"}},
              "summary": {"type": ["string", "null"]}
            }
          },
          "Health": {
            "type": "object",
            "required": ["status", "model_version", "index_version", "index_size"],
            "properties": {
              "status": {"type": "string", "const": "ok"},
              "model_version": {"type": "string"},
              "index_version": {"type": "string"},
              "index_size": {"type": "integer", "minimum": 0}
            }
          },
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["status", "code", "message"],
                "properties": {
                  "status": {"type": "integer"},
                  "code": {"type": "string"},
                  "message": {"type": "string"}
                }
              }
            }
          }
        }
      }
    }
    """#
}

extension OpenAPIDocument {
    /// `/alerts` (GET and POST), spliced into ``json`` before `/jobs/{id}`: the standing searches and
    /// the alerts `jobmatch watch` writes (docs/alerts.md).
    static let alertsPaths = #"""
        "/alerts": {
          "get": {
            "operationId": "alerts",
            "summary": "The alerts jobmatch watch wrote for a CV's standing search, oldest first.",
            "security": [{}, {"bearer": []}],
            "parameters": [{"name": "cv_id", "in": "query", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The CV's alerts.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alerts"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Error"},
              "500": {"$ref": "#/components/responses/Error"}
            }
          },
          "post": {
            "operationId": "addAlert",
            "summary": "Alert a CV of the CVs table when a new posting matches it; needs consent: true.",
            "security": [{}, {"bearer": []}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertRequest"}}}
            },
            "responses": {
              "201": {"description": "The standing search, stored on disk.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertRequest"}}}},
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
    """#

    /// The schemas of `/alerts`, spliced into ``json``'s schemas.
    static let alertsSchemas = #"""
          "AlertRequest": {
            "type": "object",
            "required": ["cv_id", "consent"],
            "properties": {
              "cv_id": {"type": "string"}, "min_score": {"type": "number", "minimum": -1, "maximum": 1},
              "consent": {"type": "boolean", "const": true}, "consented_at": {"type": "string"}
            }
          },
          "Alerts": {
            "type": "object",
            "properties": {
              "cv_id": {"type": "string"},
              "alerts": {"type": "array", "items": {"type": "object", "properties": {
                "cv_id": {"type": "string"}, "job_id": {"type": "string"}, "job_version": {"type": "string"},
                "title": {"type": "string"}, "company": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                "score": {"type": "number"}, "matched_skills": {"type": "array"}, "missing_skills": {"type": "array"},
                "time": {"type": "string"}}}}
            }
          },
    """#
}

"""Record, replay and audit: the real API's answers kept on disk and held to the spec.

- ``store``: the on-disk format of a recording folder (reviewable JSON files, atomic writes,
  API tokens redacted), and loading it back with clear errors.
- ``keys``: how a request is normalised for matching (method, path, query, JSON body).
- ``record``: ``lexer-mock record``, the recording proxy in front of the real API.
- ``replay``: ``lexer-mock --replay DIR``, the recorded answers inside the mock's operations.
- ``audit``: ``lexer-mock audit DIR``, where the recorded answers differ from openapi.yaml.
"""

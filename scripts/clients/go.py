"""Go: the `go` generator of openapi-generator, then the typed report layer, then `go build` / `go vet`."""

from __future__ import annotations

from clients.base import Language

LANGUAGE = Language(
    name="go",
    generator="go",
    options={
        "packageName": "lexeractivity",
        # RunReportRequest: pick the variant from `type` through the discriminator mapping instead of
        # trying every variant (several variants accept the same JSON, which is an error otherwise).
        "useOneOfDiscriminatorLookup": True,
        "hideGenerationTimestamp": True,
        "enumClassPrefix": True,
    },
    extra={"gitHost": "example.com", "gitUserId": "lexer", "gitRepoId": "activity-client-go"},
    requires=("go",),
)

"""Java: the `java` generator of openapi-generator (library `native`)."""

from __future__ import annotations

from clients.base import Language
from clients.transforms import anyof_as_any

LANGUAGE = Language(
    name="java",
    generator="java",
    options={
        "library": "native",
        "useOneOfDiscriminatorLookup": True,
        # Unset optional filters stay out of the body (not `"users": []`).
        "containerDefaultToNull": True,
        "openApiNullable": False,
        "hideGenerationTimestamp": True,
        "groupId": "io.lexer",
        "artifactId": "lexer-activity-client",
        "invokerPackage": "io.lexer.activity.client",
        "apiPackage": "io.lexer.activity.client.api",
        "modelPackage": "io.lexer.activity.client.model",
    },
    transform=anyof_as_any,
    requires=("java",),
)

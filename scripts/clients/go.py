"""Go: the `go` generator of openapi-generator, the typed report layer (lexer.go), `go vet` and `go build`.

The layer, rendered from templates/go/lexer.go.j2, has one method per report type (`Client.Summary`,
`Client.CaseDetails`, ...) that decodes the answer straight into its model (`*SummaryReport`,
`[]ClassificationsRow`, `map[string][]StatesVolumePoint`), plus GetReportStatus on the status host,
WaitForExport (Retry-After honoured), DownloadCSV, the generic Export, and `*Error`.
"""

from __future__ import annotations

import shutil

from clients import spec_facts
from clients.base import ClientError, Context, Language, prepend_readme, render
from clients.transforms import chain, date_times_as_strings, numbers_as_double

PACKAGE = "lexeractivity"
# Never download another Go toolchain: build with the machine's go (the module says `go 1.23`).
GO_ENV = {"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}


def go_type(shape: spec_facts.Shape, value: bool = False) -> str:
    """The Go type of an answer schema (a pointer to an object model unless `value`)."""
    if shape.kind == "array":
        return f"[]{shape.item}"
    if shape.kind == "map":
        return f"map[string][]{shape.item}"
    return shape.name if value else f"*{shape.name}"


def go() -> str:
    path = shutil.which("go")
    if path is None:
        raise ClientError("go is not on PATH")
    return path


def finish(ctx: Context) -> None:
    reports = spec_facts.report_types(ctx.spec)
    layer = render(
        "go",
        "lexer.go.j2",
        package=PACKAGE,
        version=ctx.version,
        reports=reports,
        go_type=go_type,
        api_server=spec_facts.api_server(ctx.spec),
        status_server=spec_facts.documents_status_server(ctx.spec),
        run_report_path=spec_facts.RUN_REPORT[0],
        status_path=spec_facts.REPORT_STATUS[0],
    )
    (ctx.out / "lexer.go").write_text(layer, encoding="utf-8")
    prepend_readme(ctx, "go", reports, go_type=go_type)
    # A Go module's version is its tag; the file says which kit version it was generated from.
    go_mod = ctx.out / "go.mod"
    text = go_mod.read_text(encoding="utf-8")
    go_mod.write_text(
        f"// Lexer Activity API client {ctx.version} (`make clients`).\n{text}", encoding="utf-8"
    )
    ctx.run([go(), "mod", "tidy"], env=GO_ENV)
    ctx.run([shutil.which("gofmt") or "gofmt", "-w", "lexer.go"])


def build(ctx: Context) -> None:
    ctx.run([go(), "vet", "./..."], env=GO_ENV)
    ctx.run([go(), "build", "./..."], env=GO_ENV)


LANGUAGE = Language(
    name="go",
    generator="go",
    options={
        "packageName": PACKAGE,
        # RunReportRequest: pick the variant from `type` through the discriminator mapping instead of
        # trying every variant (several variants accept the same JSON, which is an error otherwise).
        "useOneOfDiscriminatorLookup": True,
        "hideGenerationTimestamp": True,
        "enumClassPrefix": True,
        # A schema without `additionalProperties` keeps the fields it does not know in the model's
        # AdditionalProperties (and writes them back) instead of failing the whole answer.
        "disallowAdditionalPropertiesIfNotPresent": False,
    },
    transform=chain(numbers_as_double, date_times_as_strings),
    extra={"gitHost": "example.com", "gitUserId": "lexer", "gitRepoId": "activity-client-go"},
    finish=finish,
    build=build,
    requires=("go", "gofmt"),
)

"""TypeScript: typescript-fetch of openapi-generator, the typed report layer (src/lexer.ts), then `tsc`.

typescript-fetch runs with `withoutRuntimeChecks`: an answer is the parsed JSON itself, typed by the
spec (no FromJSON copy that drops unknown fields, turns date-times into Date objects, or fails on the
ReportResult union). The layer, rendered from templates/typescript/lexer.ts.j2, maps each report type to
its answer type (`ReportAnswers`), and adds export waiting, the CSV download and `LexerApiError`.
"""

from __future__ import annotations

import json
import shutil

from clients import spec_facts
from clients.base import ROOT, ClientError, Context, Language, prepend_readme, render
from clients.transforms import anyof_as_oneof

TSC = ROOT / "node_modules" / ".bin" / "tsc"
NPM_NAME = "lexer-activity-client"

TSCONFIG_CHECK = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "commonjs",
        "lib": ["ES2022", "DOM"],
        "strict": True,
        "noEmit": True,
        "skipLibCheck": True,
        "forceConsistentCasingInFileNames": True,
        "noImplicitReturns": True,
    },
    "include": ["src/**/*.ts"],
}


def ts_type(shape: spec_facts.Shape) -> str:
    """The TypeScript type of an answer schema, as typescript-fetch names its parts."""
    if shape.kind == "array":
        return f"Array<{shape.item}>"
    if shape.kind == "map":
        return f"{{ [key: string]: Array<{shape.item}> }}"
    return shape.name


def model_names(reports: list[spec_facts.Report]) -> list[str]:
    names = {r.answer.item if r.answer.kind != "object" else r.answer.name for r in reports}
    return sorted(str(name) for name in names - {"ExportJob"})


def root_typescript_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version: str = lock["packages"]["node_modules/typescript"]["version"]
    return version


def package_json(ctx: Context) -> dict[str, object]:
    info = ctx.spec["info"]
    return {
        "name": NPM_NAME,
        "version": ctx.version,
        "description": f"TypeScript client of the {info['title']}, with typed report answers",
        "license": info.get("license", {}).get("name", "UNLICENSED"),
        "main": "./dist/index.js",
        "types": "./dist/index.d.ts",
        "module": "./dist/esm/index.js",
        "sideEffects": False,
        "files": ["dist", "src", "README.md"],
        "engines": {"node": ">=18"},
        "scripts": {"build": "tsc && tsc -p tsconfig.esm.json", "prepare": "npm run build"},
        "devDependencies": {"typescript": root_typescript_version()},
    }


def finish(ctx: Context) -> None:
    reports = spec_facts.report_types(ctx.spec)
    layer = render(
        "typescript",
        "lexer.ts.j2",
        version=ctx.version,
        reports=reports,
        model_names=model_names(reports),
        ts_type=ts_type,
        api_server=spec_facts.api_server(ctx.spec),
        status_server=spec_facts.documents_status_server(ctx.spec),
    )
    (ctx.out / "src" / "lexer.ts").write_text(layer, encoding="utf-8")
    prepend_readme(ctx, "typescript", reports, ts_type=ts_type)
    index = ctx.out / "src" / "index.ts"
    index.write_text(index.read_text(encoding="utf-8") + "export * from './lexer';\n", encoding="utf-8")
    (ctx.out / "package.json").write_text(json.dumps(package_json(ctx), indent=2) + "\n", encoding="utf-8")
    # The lock pins the one (dev) dependency; written from npm's cache, or the registry on a new machine.
    npm = shutil.which("npm")
    if npm is None:
        raise ClientError("npm is not on PATH")
    ctx.run(
        [
            npm,
            "install",
            "--package-lock-only",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            "--loglevel=error",
        ]
    )


def build(ctx: Context) -> None:
    if not TSC.exists():
        raise ClientError(f"{TSC} is missing; run `make setup` (npm ci)")
    check = ctx.out / "tsconfig.check.json"
    check.write_text(json.dumps(TSCONFIG_CHECK, indent=2) + "\n", encoding="utf-8")
    # A strict type check, then the package's own CommonJS build into dist/ (`npm run build` adds ESM).
    ctx.run([str(TSC), "-p", str(check)])
    ctx.run([str(TSC), "-p", str(ctx.out / "tsconfig.json")])


LANGUAGE = Language(
    name="typescript",
    generator="typescript-fetch",
    options={
        "npmName": NPM_NAME,
        "supportsES6": True,
        # Return the JSON bodies as they are, typed by the spec: no FromJSON/ToJSON decoders (which
        # cannot tell the ReportResult alternatives apart), snake_case properties as on the wire,
        # date-times as ISO strings.
        "withoutRuntimeChecks": True,
        "modelPropertyNaming": "original",
        "hideGenerationTimestamp": True,
    },
    transform=anyof_as_oneof,
    finish=finish,
    build=build,
    requires=("node", "npm"),
)

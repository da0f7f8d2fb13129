"""TypeScript: typescript-fetch of openapi-generator, then the typed report layer, then `tsc`."""

from __future__ import annotations

import json

from clients.base import ROOT, ClientError, Context, Language
from clients.transforms import anyof_as_oneof

TSC = ROOT / "node_modules" / ".bin" / "tsc"

TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "commonjs",
        "lib": ["ES2022", "DOM"],
        "strict": True,
        "noEmit": True,
        "skipLibCheck": True,
        "forceConsistentCasingInFileNames": True,
        "noUnusedLocals": False,
    },
    "include": ["**/*.ts"],
    "exclude": ["node_modules", "dist"],
}


def build(ctx: Context) -> None:
    if not TSC.exists():
        raise ClientError(f"{TSC} is missing; run `make setup` (npm ci)")
    tsconfig = ctx.out / "tsconfig.check.json"
    tsconfig.write_text(json.dumps(TSCONFIG, indent=2) + "\n", encoding="utf-8")
    ctx.run([str(TSC), "--noEmit", "-p", str(tsconfig)], cwd=ROOT)


LANGUAGE = Language(
    name="typescript",
    generator="typescript-fetch",
    options={
        "npmName": "lexer-activity-client",
        "supportsES6": True,
        # Return the JSON bodies as they are, typed by the spec: no FromJSON/ToJSON decoders (which
        # cannot tell the ReportResult alternatives apart), snake_case properties as on the wire,
        # date-times as ISO strings.
        "withoutRuntimeChecks": True,
        "modelPropertyNaming": "original",
        "hideGenerationTimestamp": True,
    },
    transform=anyof_as_oneof,
    build=build,
    requires=("node",),
)

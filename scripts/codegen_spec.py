"""Write the codegen edition of openapi.yaml (`make codegen-spec` -> build/openapi.codegen.yaml).

The edition is what users give to their own code generators with the generators' default options; it
is openapi.yaml rewritten by the steps listed in scripts/clients/codegen.py (a copy when there are none).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clients.base import ROOT, SPEC
from clients.codegen import EDITION, codegen_edition

OUT = ROOT / "build" / "openapi.codegen.yaml"
HEADER = (
    "# Codegen edition of openapi.yaml, written by `make codegen-spec` (scripts/codegen_spec.py).\n"
    "# Do not edit: change openapi.yaml or scripts/clients/codegen.py. Rewrites applied: {steps}.\n"
)


def render(spec_file: Path) -> str:
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    steps = ", ".join(step.__name__ for step in EDITION) or "none (a copy)"
    body = yaml.safe_dump(codegen_edition(spec), sort_keys=False, allow_unicode=True, width=110)
    return HEADER.format(steps=steps) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI document (openapi.yaml)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (build/openapi.codegen.yaml)")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(render(args.spec), encoding="utf-8")
    tmp.replace(out)  # nothing half-written
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

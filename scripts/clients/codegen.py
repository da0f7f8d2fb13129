"""The codegen edition of openapi.yaml (`make codegen-spec` -> build/openapi.codegen.yaml).

The spec users give to their own generators, with each generator's DEFAULT options. `EDITION` lists
the rewrites (transforms.py) applied to openapi.yaml, in order; each names the generators it is for.
An empty list means the edition is a copy of openapi.yaml. Add a rewrite as a small named function in
transforms.py and list it here; tests/other_langs/ generates every covered generator from the edition.
"""

from __future__ import annotations

from collections.abc import Callable

from clients.transforms import Spec, anyof_as_any, chain, date_times_as_strings, numbers_as_double

EDITION: tuple[Callable[[Spec], Spec], ...] = (
    numbers_as_double,  # go: float32 otherwise
    date_times_as_strings,  # go, typescript-fetch: the offset is lost otherwise
    anyof_as_any,  # every generator: no default decodes the ReportResult anyOf right
)


def codegen_edition(spec: Spec) -> Spec:
    """openapi.yaml rewritten by every step of EDITION (a copy)."""
    return chain(*EDITION)(spec)

"""The mock's runtime control API, as the client tests use it (``/_mock/faults``, journal, reset).

Faults are staged for the caller's token and answer the next matching requests of that token: a status
(with its documented body, or ``{"error": "Internal server error", ...}`` for a 5xx), a ``Retry-After``,
a delay, a dropped connection (``fault="drop"``) or a cut-short body (``fault="truncate"``).
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.mock_helpers import TOKEN

CONTROL_TIMEOUT_S = 10.0  # a guard against hanging, not a measurement


def _auth(token: str) -> dict[str, str]:
    return {"Auth-Api-Token": token}


def stage(root: str, operation: str, *, token: str = TOKEN, **fault: Any) -> dict[str, Any]:
    """Stage a fault for ``operation`` (listUsers, runReport, ...) on the mock at ``root``."""
    response = httpx.post(
        f"{root}/_mock/faults",
        json={"operation": operation, **fault},
        headers=_auth(token),
        timeout=CONTROL_TIMEOUT_S,
    )
    assert response.status_code == 201, response.text
    staged: dict[str, Any] = response.json()
    return staged


def pending_faults(root: str, token: str = TOKEN) -> list[dict[str, Any]]:
    response = httpx.get(f"{root}/_mock/faults", headers=_auth(token), timeout=CONTROL_TIMEOUT_S)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def journal(root: str, token: str = TOKEN) -> list[dict[str, Any]]:
    """The requests the mock received with ``token``, oldest first."""
    response = httpx.get(f"{root}/_mock/journal", headers=_auth(token), timeout=CONTROL_TIMEOUT_S)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()
    return entries


def reset(root: str, token: str = TOKEN) -> None:
    """Forget the token's journal, rate-limit count, export jobs and staged faults."""
    response = httpx.post(f"{root}/_mock/reset", headers=_auth(token), timeout=CONTROL_TIMEOUT_S)
    assert response.status_code == 200, response.text

"""``python -m mock_server`` and the ``lexer-mock`` console script."""

from __future__ import annotations

import sys

from mock_server.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())

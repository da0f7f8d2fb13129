"""``python -m lexer_activity_client`` runs the ``lexer-activity`` command.

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.
"""

from .cli import main

if __name__ == "__main__":
    main()

"""The languages of `make clients`: one module per language (see base.py for the interface)."""

"""Connexion mock of the Lexer Activity API."""

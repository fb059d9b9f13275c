"""Pydantic v2 models of every request body and response of the HTTP API."""

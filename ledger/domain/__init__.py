"""The domain: aggregates, the values they carry and the rules they enforce.

Nothing here imports FastAPI, SQL, hashing or settings.
"""

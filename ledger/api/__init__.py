"""The HTTP API (DESIGN section 5): FastAPI app, routers, schemas, problems, dependencies."""

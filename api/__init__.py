"""The pk-extract service: FastAPI over a real database."""

"""Writes of the clinic: keyword-only, atomic, recorded in each record's history, raising ValidationError."""

"""Writes in evaluation periods. Each checks the lock, the phase window and the stage on the server."""

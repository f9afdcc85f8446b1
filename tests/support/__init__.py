"""Helpers that tests share: signing in, local receivers."""

"""Notifications for every journey: writing them to the outbox, and delivering push and e-mail."""

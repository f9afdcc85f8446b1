"""Accounts and signing in for every role, and journey 9, my data."""

"""Private data at rest (journey 9, my data): encryption, key rotation and the audit log."""

"""Journey 3, talk to a peer: peer profiles and contact requests."""

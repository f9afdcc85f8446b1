"""Journey 7, listings stay true: what peers keep true, and which listings each peer may keep."""

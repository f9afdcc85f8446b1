"""Journey 1, find a meeting now: describing, searching and exporting meetings, and their feeds."""

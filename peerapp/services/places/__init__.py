"""Journey 2, find a sober place open now: places, their opening hours, search and care."""

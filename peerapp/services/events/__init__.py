"""Things to do this week: events by peers, places, municipalities and voluntary organisations."""

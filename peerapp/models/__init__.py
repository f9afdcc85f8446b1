"""The database models, one module per entity family."""

from peerapp.models.meetings import FeedSource, Location, Meeting

__all__ = ["FeedSource", "Location", "Meeting"]

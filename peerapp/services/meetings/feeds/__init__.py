"""Meeting feeds: importing Meeting Guide and BMLT feeds, and publishing ours as Meeting Guide.

``import_meetings`` is what ``peerapp import-meetings`` calls; ``meeting_guide.export_feed`` is
what ``peerapp export-meetings`` and ``GET /api/v1/feeds/meeting-guide.json`` serve.
"""

from peerapp.services.meetings.feeds.importer import (
    ImportReport,
    apply_feed,
    import_meetings,
    import_records,
    parse_feed,
)
from peerapp.services.meetings.feeds.meeting_guide import export_feed
from peerapp.services.meetings.feeds.records import FeedOptions, Rejection
from peerapp.services.meetings.feeds.source import FORMATS, MAX_FEED_BYTES, FeedError

__all__ = [
    "FORMATS",
    "MAX_FEED_BYTES",
    "FeedError",
    "FeedOptions",
    "ImportReport",
    "Rejection",
    "apply_feed",
    "export_feed",
    "import_meetings",
    "import_records",
    "parse_feed",
]

"""The phone with no signal: what its service worker keeps, what waits in its queue, and what the
pages say about both.

``ThisPhone`` is the phone itself (its network, its caches, its queue); the page objects in
``pages.py`` and the others still say what a person does on each page.
"""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Locator

from tests.browser.conftest import Visit

#: the queue's messages, in the aria-live region every page has
QUEUE_STATUS = "#queue-status"
#: "You are offline. This page was saved ..."
SAVED_COPY = "#saved-copy"


class ThisPhone:
    """A phone's browser: its network, the service worker's copies and the offline queue."""

    def __init__(self, visit: Visit):
        self.context = visit.context
        self.page = visit.page

    def eventually(self, script: str, arg: Any = None, seconds: float = 10) -> None:
        """Wait until the (async) script gives true in the page."""
        deadline = time.monotonic() + seconds
        while not self.page.evaluate(script, arg):
            assert time.monotonic() < deadline, f"never true: {script}"
            self.page.wait_for_timeout(100)

    def wait_for_worker(self) -> ThisPhone:
        """Wait until the service worker controls the page and has kept the start pages."""
        self.page.wait_for_function(
            "() => navigator.serviceWorker && navigator.serviceWorker.controller"
        )
        self.eventually(
            "() => caches.keys().then(async (names) => { const pages = names.find("
            "(n) => n.startsWith('peerapp-pages-')); return pages && "
            "!!(await (await caches.open(pages)).match('/help', { ignoreVary: true })); })",
        )
        return self

    def keeps(self, path: str) -> bool:
        """Whether the service worker keeps a copy of the page at ``path``."""
        return self.page.evaluate(
            "(path) => caches.match(path, { ignoreVary: true }).then((found) => !!found)", path
        )

    def wait_until_kept(self, path: str) -> None:
        """Wait until the service worker has kept a copy of the page at ``path``."""
        self.eventually(
            "(path) => caches.match(path, { ignoreVary: true }).then((found) => !!found)", path
        )

    def update_worker(self) -> None:
        """Ask the browser to look for a new service worker; wait until it takes over."""
        self.page.evaluate(
            """() => new Promise(async (resolve) => {
              navigator.serviceWorker.addEventListener("controllerchange", resolve);
              (await navigator.serviceWorker.getRegistration()).update();
            })"""
        )

    def cache_names(self) -> list[str]:
        """The names of the service worker's caches."""
        return self.page.evaluate("caches.keys()")

    def fetch_status(self, url: str) -> int:
        """The status the page's own ``fetch`` gets for ``url`` (from the caches when offline)."""
        return self.page.evaluate("(url) => fetch(url).then((r) => r.status)", url)

    def queued(self) -> int:
        """How many entries the offline queue holds on this phone."""
        return self.page.evaluate(
            """() => new Promise((resolve) => {
          const open = indexedDB.open("peerapp", 1);
          open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "key" });
          open.onsuccess = () => {
            const request = open.result.transaction("queue").objectStore("queue").count();
            request.onsuccess = () => { open.result.close(); resolve(request.result); };
          };
        })"""
        )

    def leave_in_queue(self, script: str, arg: Any = None) -> None:
        """Put an entry in the queue as the page's script would (``self.peerappQueue.put``)."""
        self.page.evaluate(script, arg)

    def wait_until_queue_is_empty(self) -> None:
        """Wait until every waiting entry has been sent."""
        self.eventually("() => self.peerappQueue.all().then((entries) => !entries.length)")

    def go_offline(self) -> ThisPhone:
        """Take the phone off the network, as the browser tells its pages."""
        self.context.set_offline(True)
        self.page.wait_for_function("() => !navigator.onLine")
        return self

    def go_online(self) -> ThisPhone:
        """Put the phone back on the network and wait until its pages know."""
        self.context.set_offline(False)
        self.page.wait_for_function("() => navigator.onLine")
        return self

    def go_online_to_the_request(self) -> None:
        """Put the phone back on the network; the waiting tap is sent and its request shown."""
        with self.page.expect_navigation(url=re.compile(r"/readmission/\d+$")):
            self.context.set_offline(False)

    def queue_status(self) -> Locator:
        """What the page says about the queue (a live region on every page)."""
        return self.page.locator(QUEUE_STATUS)

    def saved_copy_notice(self) -> Locator:
        """ "You are offline. This page was saved ...", on a page served from the phone."""
        return self.page.locator(SAVED_COPY)

    def call_while_waiting(self) -> Locator:
        """The clinic's number, offered while the tap waits to be sent."""
        return self.page.locator("[data-queue-call] a[href^='tel:']")

    def saved_meetings(self) -> Locator:
        """The links to the meetings saved on this phone, as a page with no signal lists them."""
        return self.page.locator("#saved-list a")

    def stylesheet(self) -> str:
        """The address of the page's stylesheet."""
        return self.page.locator("link[rel=stylesheet]").get_attribute("href")

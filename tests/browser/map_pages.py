"""The list/map choice on the finders' results, in the product's words."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


class ResultsMap:
    """A finder's results, with the choice of list or map above them."""

    def __init__(self, page: Any):
        self.page = page
        self.box = page.locator("#results-map")

    def offers_a_map(self) -> bool:
        """Whether the list/map choice is shown."""
        return self.page.locator("[data-map-choice]").is_visible()

    def choose_map_with_the_keyboard(self) -> ResultsMap:
        """Tab from "List" to "Map" and press Enter; wait for the tiles and markers."""
        self.page.locator("[data-view=list]").focus()
        self.page.keyboard.press("Tab")
        expect(self.page.locator("[data-view=map]")).to_be_focused()
        self.page.keyboard.press("Enter")
        expect(self.box).to_be_visible()
        expect(self.box.locator(".leaflet-tile-loaded").first).to_be_visible()
        expect(self.markers().first).to_be_visible()
        return self

    def choose_list(self) -> ResultsMap:
        """Go back to the list alone."""
        self.page.locator("[data-view=list]").click()
        expect(self.box).to_be_hidden()
        return self

    def markers(self) -> Any:
        """The markers on the map: single results and clusters."""
        return self.box.locator(".map-pin, .marker-cluster")

    def open_a_result_from_the_map(self) -> str:
        """Tap markers (a cluster first zooms in) until one result's popup opens; its link text."""
        popup = self.box.locator(".leaflet-popup-content a")
        for _ in range(6):
            pin = self.box.locator(".map-pin").first
            if pin.count() and pin.is_visible():
                pin.click()
                break
            self.box.locator(".marker-cluster").first.click()
            self.page.wait_for_timeout(400)
        expect(popup).to_be_visible()
        return popup.inner_text()

    def picked_card_title(self) -> str:
        """The title of the card the map marks in the list."""
        return (self.page.locator(".card.is-picked .card-title").text_content() or "").strip()

    def list_numbers(self) -> list[str]:
        """The numbers shown beside the cards, which the markers carry too."""
        return self.page.locator(".card .map-number:visible").all_inner_texts()

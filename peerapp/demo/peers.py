"""Demo peer workers: a profile switched on in each of four towns, shown at ``/peers``; Kari and
Silje talk with relatives too (``/relatives``).

The first is the printed ``demo-likeperson`` login; the others are there to be found. Saving
a profile again updates it in place, so loading the demo twice creates nothing new.
"""

from __future__ import annotations

from peerapp.demo.accounts import DEMO_PASSWORD, mark_as_demo
from peerapp.services.peers.profiles import ProfileSpec, save_profile
from peerapp.services.people import accounts

ABOUT_NOTE = "Demo – ikke en ekte person. / Demo – not a real person."

#: username, and the profile the peer filled in
DEMO_PEERS = (
    (
        "demo-likeperson",
        ProfileSpec(
            display_name="Kari, likeperson i Oslo",
            languages=("nb", "en"),
            regions=("Oslo",),
            fellowships=("aa", "al-anon"),
            availability="Hverdager 10–16",
            about="Rusfri i åtte år etter alkohol. Går gjerne på første møte sammen med deg. "
            "Snakker også med pårørende. " + ABOUT_NOTE,
            visible=True,
            talks_with_relatives=True,
        ),
    ),
    (
        "demo-likeperson-bergen",
        ProfileSpec(
            display_name="Amir, likeperson i Bergen",
            languages=("nb", "en", "ar"),
            regions=("Bergen", "Vestland"),
            fellowships=("na", "ca"),
            availability="Ettermiddag og kveld",
            about="Fem år rusfri etter narkotika og behandling på institusjon. " + ABOUT_NOTE,
            visible=True,
        ),
    ),
    (
        "demo-likeperson-trondheim",
        ProfileSpec(
            display_name="Silje, likeperson i Trondheim",
            languages=("nb", "nn"),
            regions=("Trondheim", "Trøndelag"),
            fellowships=("aa", "smart"),
            availability="Mandag til torsdag 09–15",
            about="Har vært der du er nå. Tre år rusfri, kjenner SMART Recovery. " + ABOUT_NOTE,
            visible=True,
            talks_with_relatives=True,
        ),
    ),
    (
        "demo-likeperson-tromso",
        ProfileSpec(
            display_name="Nils, likeperson i Tromsø",
            languages=("nb", "se", "en"),
            regions=("Tromsø", "Troms"),
            fellowships=("aa", "ga"),
            availability="Kveld og helg",
            about="Ti år rusfri, spillfri i seks. Snakker også nordsamisk. " + ABOUT_NOTE,
            visible=True,
        ),
    ),
)


def load_demo_peers() -> int:
    """Create the demo peers where missing and (re)save their profiles; returns how many."""
    for username, profile in DEMO_PEERS:
        peer = accounts.find_user(username)
        if peer is None:
            peer = accounts.create_user(accounts.UserSpec(username, "peer", DEMO_PASSWORD))
        mark_as_demo(peer)
        save_profile(peer, profile)
    return len(DEMO_PEERS)

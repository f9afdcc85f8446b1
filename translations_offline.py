"""New messages of the branch ``offline`` (the offline queue, pages kept for offline use), in
Bokmål and Nynorsk, to be merged into the catalogs."""

T = {
    "Sending…": ("Sender …", "Sender …"),
    (
        "Waiting to send your request to come back."
        " It is sent by itself when the phone is online again."
    ): (
        "Venter på å sende forespørselen din om å komme tilbake. Den sendes av seg selv når"
        " telefonen er på nett igjen.",
        "Ventar på å sende førespurnaden din om å kome tilbake. Han blir send av seg sjølv når"
        " telefonen er på nett igjen.",
    ),
    "Waiting to send your check-in. It is sent by itself when the phone is online again.": (
        "Venter på å sende innsjekkingen din. Den sendes av seg selv når telefonen er på nett"
        " igjen.",
        "Ventar på å sende innsjekkinga di. Ho blir send av seg sjølv når telefonen er på nett"
        " igjen.",
    ),
    "Your request to come back has been sent.": (
        "Forespørselen din om å komme tilbake er sendt.",
        "Førespurnaden din om å kome tilbake er send.",
    ),
    "Your request to come back could not be sent.": (
        "Forespørselen din om å komme tilbake kunne ikke sendes.",
        "Førespurnaden din om å kome tilbake kunne ikkje sendast.",
    ),
    "Your check-in could not be saved.": (
        "Innsjekkingen din kunne ikke lagres.",
        "Innsjekkinga di kunne ikkje lagrast.",
    ),
    "You are offline. This page was saved %(time)s.": (
        "Du er ikke på nett. Denne siden ble lagret %(time)s.",
        "Du er ikkje på nett. Denne sida vart lagra %(time)s.",
    ),
    "While it waits, you can call %(clinic)s: %(phone)s": (
        "Mens du venter, kan du ringe %(clinic)s: %(phone)s",
        "Medan du ventar, kan du ringje %(clinic)s: %(phone)s",
    ),
}

"""New messages of the branch ``lighthouse`` (the shortcuts of the installed app), in Bokmål and
Nynorsk, to be merged into the catalogs."""

T = {
    "Meetings near you that start soon": (
        "Møter nær deg som starter snart",
        "Møte nær deg som startar snart",
    ),
    "Check in": ("Sjekk inn", "Sjekk inn"),
    "Today's plan and how the day went": (
        "Dagens plan og hvordan dagen gikk",
        "Planen for i dag og korleis dagen gjekk",
    ),
    "My clinic": ("Min klinikk", "Klinikken min"),
    "Ask your clinic to take you back, or see your request": (
        "Be klinikken din om å ta deg tilbake, eller se forespørselen din",
        "Be klinikken din om å ta deg tilbake, eller sjå førespurnaden din",
    ),
    "Emergency numbers and overdose advice": (
        "Nødnumre og råd ved overdose",
        "Naudnummer og råd ved overdose",
    ),
}

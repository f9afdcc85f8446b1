"""New messages of the branch ``anchor`` (a particular meeting as an anchor of the morning plan),
in Bokmål and Nynorsk, to be merged into the catalogs."""

T = {
    "About the meeting": ("Om møtet", "Om møtet"),
    "Which meeting? (if you like)": ("Hvilket møte? (om du vil)", "Kva for eit møte? (om du vil)"),
    "Tick a meeting to plan it: its name and time go into your plan, with a link to it.": (
        "Kryss av for et møte for å planlegge det: navnet og tiden kommer inn i planen din,"
        " med en lenke til møtet.",
        "Kryss av for eit møte for å planleggje det: namnet og tida kjem inn i planen din,"
        " med ei lenkje til møtet.",
    ),
    "In your plan": ("I planen din", "I planen din"),
    "Saved on this phone, held today": (
        "Lagret på denne telefonen, holdes i dag",
        "Lagra på denne telefonen, held i dag",
    ),
    "Today near %(place)s": ("I dag nær %(place)s", "I dag nær %(place)s"),
    "Today near you": ("I dag nær deg", "I dag nær deg"),
    "No meetings today within 25 km. The meeting finder also has online meetings.": (
        "Ingen møter i dag innen 25 km. Møtesøket har også møter på nett.",
        "Ingen møte i dag innanfor 25 km. Møtesøket har òg møte på nett.",
    ),
    "Online meetings today": ("Møter på nett i dag", "Møte på nett i dag"),
    "Find today's meetings near": ("Finn dagens møter nær", "Finn møta i dag nær"),
    "Find meetings": ("Finn møter", "Finn møte"),
    "Save first if you have changed something: finding meetings opens this page again.": (
        "Lagre først hvis du har endret noe: når du finner møter, åpnes denne siden på nytt.",
        "Lagre først om du har endra noko: når du finn møte, blir denne sida opna på nytt.",
    ),
    "Type a town or a postal code.": (
        "Skriv et sted eller et postnummer.",
        "Skriv ein stad eller eit postnummer.",
    ),
    "Choose the meeting from the list (its id is a whole number).": (
        "Velg møtet fra listen (id-en er et heltall).",
        "Vel møtet frå lista (id-en er eit heiltal).",
    ),
    "That meeting is not listed (it may have ended). Choose another one.": (
        "Det møtet står ikke på listen (det kan ha sluttet). Velg et annet.",
        "Det møtet står ikkje på lista (det kan ha slutta). Vel eit anna.",
    ),
    "The plan names a meeting that is not listed.": (
        "Planen nevner et møte som ikke står på listen.",
        "Planen nemner eit møte som ikkje står på lista.",
    ),
}

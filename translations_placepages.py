"""New msgids of the place care pages (branch placepages): English -> (Bokmål, Nynorsk).

For ngettext the key is the singular msgid and each value a [singular, plural] list.
"""

T = {
    "%(day)s, period %(num)d": ("%(day)s, periode %(num)d", "%(day)s, periode %(num)d"),
    "%(num)d place": (["%(num)d sted", "%(num)d steder"], ["%(num)d stad", "%(num)d stader"]),
    "%(num)d place has not been checked for 90 days, or never. They come first.": (
        [
            "%(num)d sted er ikke sjekket på 90 dager, eller aldri, og står først.",
            "%(num)d steder er ikke sjekket på 90 dager, eller aldri, og står først.",
        ],
        [
            "%(num)d stad er ikkje sjekka på 90 dagar, eller aldri, og står først.",
            "%(num)d stader er ikkje sjekka på 90 dagar, eller aldri, og står først.",
        ],
    ),
    "%(num)d place needs a check: not checked for 90 days, or never.": (
        [
            "%(num)d sted trenger en sjekk: ikke sjekket på 90 dager, eller aldri.",
            "%(num)d steder trenger en sjekk: ikke sjekket på 90 dager, eller aldri.",
        ],
        [
            "%(num)d stad treng ein sjekk: ikkje sjekka på 90 dagar, eller aldri.",
            "%(num)d stader treng ein sjekk: ikkje sjekka på 90 dagar, eller aldri.",
        ],
    ),
    "%(place)s is archived and no longer shown.": (
        "%(place)s er arkivert og vises ikke lenger.",
        "%(place)s er arkivert og blir ikkje vist lenger.",
    ),
    "(required)": ("(må fylles ut)", "(må fyllast ut)"),
    "About the place": ("Om stedet", "Om staden"),
    "Add empty rows": ("Legg til tomme rader", "Legg til tomme rader"),
    "Add the place": ("Legg til stedet", "Legg til staden"),
    "Archive": ("Arkiver", "Arkiver"),
    "Archive %(place)s?": ("Arkivere %(place)s?", "Arkivere %(place)s?"),
    "Archive a place that has closed, moved or is no longer sober. It will no longer be shown "
    "in search or on its own page. The audit log keeps what it was.": (
        "Arkiver et sted som har stengt, flyttet eller ikke lenger er rusfritt. Stedet vises da "
        "ikke lenger i søk eller på sin egen side. Revisjonsloggen tar vare på hvordan det var.",
        "Arkiver ein stad som har stengt, flytta eller ikkje lenger er rusfri. Staden blir då "
        "ikkje lenger vist i søk eller på si eiga side. Revisjonsloggen tek vare på korleis "
        "staden var.",
    ),
    "Building or venue": ("Bygning eller lokale", "Bygning eller lokale"),
    "Cancel": ("Avbryt", "Avbryt"),
    "Change %(place)s": ("Endre %(place)s", "Endre %(place)s"),
    "Closes": ("Stenger", "Stengjer"),
    "Date %(num)d": ("Dato %(num)d", "Dato %(num)d"),
    "Edit": ("Endre", "Endre"),
    "HH:MM": ("TT:MM", "TT:MM"),
    "Holidays, or closed this week. Leave the times empty when the place is closed all day. "
    "Empty a row to remove it.": (
        "Helligdager, eller stengt denne uken. La tidene stå tomme når stedet er stengt hele "
        "dagen. Tøm en rad for å fjerne den.",
        "Heilagdagar, eller stengt denne veka. La tidene stå tomme når staden er stengd heile "
        "dagen. Tøm ei rad for å fjerne henne.",
    ),
    "If only some details are wrong, change them instead.": (
        "Hvis bare noen opplysninger er feil, kan du endre dem i stedet.",
        "Om berre nokre opplysningar er feil, kan du endre dei i staden.",
    ),
    "Last checked %(when)s by %(name)s.": (
        "Sist sjekket %(when)s av %(name)s.",
        "Sist sjekka %(when)s av %(name)s.",
    ),
    "Last checked %(when)s.": ("Sist sjekket %(when)s.", "Sist sjekka %(when)s."),
    "Latitude": ("Breddegrad", "Breiddegrad"),
    "Leave latitude and longitude empty to place it by its postal code or town.": (
        "La breddegrad og lengdegrad stå tomme, så plasseres stedet etter postnummer eller "
        "poststed.",
        "La breiddegrad og lengdegrad stå tomme, så blir staden plassert etter postnummer eller "
        "poststad.",
    ),
    "Longitude": ("Lengdegrad", "Lengdegrad"),
    "Look after this place": ("Hold stedet oppdatert", "Hald staden oppdatert"),
    "Marked as still true today. Thank you.": (
        "Merket som fortsatt riktig i dag. Takk!",
        "Merkt som framleis rett i dag. Takk!",
    ),
    "More places": ("Flere steder", "Fleire stader"),
    "More than one period on a day, or more dates? Add empty rows; nothing is saved until you "
    "save.": (
        "Mer enn én periode på en dag, eller flere datoer? Legg til tomme rader; ingenting "
        "blir lagret før du lagrer.",
        "Meir enn éin periode på ein dag, eller fleire datoar? Legg til tomme rader; ingenting "
        "blir lagra før du lagrar.",
    ),
    "Name": ("Navn", "Namn"),
    "Name, town or postal code": (
        "Navn, poststed eller postnummer",
        "Namn, poststad eller postnummer",
    ),
    "Needs a check": ("Trenger en sjekk", "Treng ein sjekk"),
    "Never checked.": ("Aldri sjekket.", "Aldri sjekka."),
    "New place": ("Nytt sted", "Ny stad"),
    "New sober place": ("Ny rusfri møteplass", "Ny rusfri møteplass"),
    "Next page": ("Neste side", "Neste side"),
    "No listed place matches this.": (
        "Ingen steder i lista passer med dette.",
        "Ingen stader i lista passar med dette.",
    ),
    "No, keep it": ("Nei, behold stedet", "Nei, behald staden"),
    "Nothing was saved. Please check what you wrote": (
        "Ingenting ble lagret. Sjekk det du skrev",
        "Ingenting vart lagra. Sjekk det du skreiv",
    ),
    "Opening hours every week": ("Åpningstider hver uke", "Opningstider kvar veke"),
    "Opens": ("Åpner", "Opnar"),
    "Other hours on a date": ("Andre tider på en dato", "Andre tider på ein dato"),
    "Places to look after": ("Steder å holde oppdatert", "Stader å halde oppdaterte"),
    "Postal code": ("Postnummer", "Postnummer"),
    "Previous page": ("Forrige side", "Førre side"),
    "Region": ("Region", "Region"),
    "Save the changes": ("Lagre endringene", "Lagre endringane"),
    "Show places": ("Vis steder", "Vis stader"),
    "Starting with https://": ("Begynner med https://", "Byrjar med https://"),
    "Still true today": ("Fortsatt riktig i dag", "Framleis rett i dag"),
    "Street address": ("Gateadresse", "Gateadresse"),
    "The place is added. Thank you for keeping the list true.": (
        "Stedet er lagt til. Takk for at du holder lista riktig.",
        "Staden er lagd til. Takk for at du held lista rett.",
    ),
    "Town": ("Poststed", "Poststad"),
    "What happens there": ("Hva skjer der", "Kva skjer der"),
    "Which date": ("Hvilken dato", "Kva dato"),
    "Write times as HH:MM, such as 09:30. A closing time at or before the opening time is on "
    "the next day (20:00 to 02:00); 24:00 is midnight. Leave a day empty when the place is "
    "closed that day.": (
        "Skriv tider som TT:MM, for eksempel 09:30. En stengetid som er lik eller før "
        "åpningstiden, er neste dag (20:00 til 02:00); 24:00 er midnatt. La en dag stå tom når "
        "stedet er stengt den dagen.",
        "Skriv tider som TT:MM, til dømes 09:30. Ei stengjetid som er lik eller før "
        "opningstida, er neste dag (20:00 til 02:00); 24:00 er midnatt. La ein dag stå tom når "
        "staden er stengd den dagen.",
    ),
    "Yes, archive it": ("Ja, arkiver stedet", "Ja, arkiver staden"),
    "Your changes are saved.": ("Endringene er lagret.", "Endringane er lagra."),
    "closes": ("stenger", "stengjer"),
    "opens": ("åpner", "opnar"),
}

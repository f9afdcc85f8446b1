"""New messages of the ``steward`` branch (meeting stewardship), in Bokmål and Nynorsk."""

T = {
    "The limits are saved.": ("Begrensningene er lagret.", "Avgrensingane er lagra."),
    "This listing is outside your area.": (
        "Denne oppføringen er utenfor ditt område.",
        "Denne oppføringa er utanfor området ditt.",
    ),
    "Only peer workers can be limited to regions.": (
        "Bare likepersoner kan begrenses til områder.",
        "Berre likepersonar kan avgrensast til område.",
    ),
    "Unknown fellowship: %(code)s. Use one of: %(codes)s.": (
        "Ukjent fellesskap: %(code)s. Bruk ett av disse: %(codes)s.",
        "Ukjent fellesskap: %(code)s. Bruk eitt av desse: %(codes)s.",
    ),
    "Choose a day from 0 (Sunday) to 6 (Saturday).": (
        "Velg en dag fra 0 (søndag) til 6 (lørdag).",
        "Vel ein dag frå 0 (sundag) til 6 (laurdag).",
    ),
    "Give the time as HH:MM, such as 19:00.": (
        "Skriv klokkeslettet som TT:MM, for eksempel 19:00.",
        "Skriv klokkeslettet som TT:MM, til dømes 19:00.",
    ),
    "Give the types as a list of Meeting Guide codes.": (
        "Oppgi typene som en liste med Meeting Guide-koder.",
        "Oppgi typane som ei liste med Meeting Guide-kodar.",
    ),
    "Unknown type code: %(codes)s.": ("Ukjent typekode: %(codes)s.", "Ukjend typekode: %(codes)s."),
    "A meeting is open (O) or closed (C), not both.": (
        "Et møte er åpent (O) eller lukket (C), ikke begge deler.",
        "Eit møte er ope (O) eller lukka (C), ikkje begge delar.",
    ),
    "Choose in person, online or hybrid.": (
        "Velg fysisk oppmøte, nett eller hybrid.",
        "Vel fysisk oppmøte, nett eller hybrid.",
    ),
    "Unknown time zone: %(zone)s.": ("Ukjent tidssone: %(zone)s.", "Ukjend tidssone: %(zone)s."),
    "The meeting must end at another time than it starts.": (
        "Møtet må slutte på et annet klokkeslett enn det begynner.",
        "Møtet må slutte på eit anna klokkeslett enn det byrjar.",
    ),
    "An online or hybrid meeting needs a link or a phone number to join.": (
        "Et nettmøte eller hybridmøte trenger en lenke eller et telefonnummer å bli med på.",
        "Eit nettmøte eller hybridmøte treng ei lenkje eller eit telefonnummer å bli med på.",
    ),
    "A meeting held in person needs an address.": (
        "Et møte med fysisk oppmøte trenger en adresse.",
        "Eit møte med fysisk oppmøte treng ei adresse.",
    ),
    "At most %(count)d regions of at most %(num)d characters each.": (
        "Høyst %(count)d områder på høyst %(num)d tegn hver.",
        "Høgst %(count)d område på høgst %(num)d teikn kvar.",
    ),
    "You look after listings in %(limits)s only. Ask an administrator if this one should be "
    "yours too.": (
        "Du har ansvar for oppføringer bare i %(limits)s. Spør en administrator hvis denne også "
        "skal være din.",
        "Du har ansvar for oppføringar berre i %(limits)s. Spør ein administrator om denne òg "
        "skal vere di.",
    ),
    "Name of the meeting": ("Navnet på møtet", "Namnet på møtet"),
    "Starts at": ("Begynner", "Byrjar"),
    "Ends at": ("Slutter", "Sluttar"),
    "Time zone": ("Tidssone", "Tidssone"),
    "How people take part": ("Hvordan man deltar", "Korleis ein deltek"),
    "Link to join online": ("Lenke for å bli med på nett", "Lenkje for å bli med på nett"),
    "Phone number to join": ("Telefonnummer for å bli med", "Telefonnummer for å bli med"),
    "Open or closed, language and access": (
        "Åpent eller lukket, språk og tilgjengelighet",
        "Ope eller lukka, språk og tilgjenge",
    ),
    "Notes": ("Merknader", "Merknader"),
    "Address": ("Adresse", "Adresse"),
    "Venue": ("Møtested", "Møtestad"),
    "Region (county)": ("Område (fylke)", "Område (fylke)"),
    "Archived": ("Arkivert", "Arkivert"),
    "Meeting": ("Møte", "Møte"),
    "Write a number, such as 60.39.": (
        "Skriv et tall, for eksempel 60,39.",
        "Skriv eit tal, til dømes 60,39.",
    ),
    "The meeting is added and marked as checked today.": (
        "Møtet er lagt til og merket som sjekket i dag.",
        "Møtet er lagt til og merkt som sjekka i dag.",
    ),
    "Your correction is saved.": ("Rettelsen din er lagret.", "Rettinga di er lagra."),
    "Nothing was changed.": ("Ingenting ble endret.", "Ingenting vart endra."),
    "Thank you. “%(name)s” is marked as still true today.": (
        "Takk! «%(name)s» er merket som fortsatt riktig i dag.",
        "Takk! «%(name)s» er merkt som framleis rett i dag.",
    ),
    "“%(name)s” is archived. It is no longer shown in search.": (
        "«%(name)s» er arkivert. Det vises ikke lenger i søk.",
        "«%(name)s» er arkivert. Det blir ikkje lenger vist i søk.",
    ),
    "The feed's version is now shown.": (
        "Feedens versjon vises nå.",
        "Versjonen frå feeden blir vist no.",
    ),
    "Our correction is kept.": ("Vår rettelse beholdes.", "Rettinga vår blir halden på."),
    "Listings this peer may edit": (
        "Oppføringer denne likepersonen kan endre",
        "Oppføringar denne likepersonen kan endre",
    ),
    "Only in these regions or towns (separate with commas)": (
        "Bare i disse områdene eller stedene (skill med komma)",
        "Berre i desse områda eller stadene (skil med komma)",
    ),
    "Leave empty for every region.": (
        "La feltet stå tomt for alle områder.",
        "La feltet stå tomt for alle område.",
    ),
    "Only these fellowships (none ticked: every fellowship)": (
        "Bare disse fellesskapene (ingen avkrysset: alle fellesskap)",
        "Berre desse fellesskapa (ingen kryssa av: alle fellesskap)",
    ),
    "Save the limits": ("Lagre begrensningene", "Lagre avgrensingane"),
    "Keep meetings true: those not checked for 90 days, and those changed in their feed, come "
    "first.": (
        "Hold møtene oppdatert: de som ikke er sjekket på 90 dager, og de som er endret i feeden "
        "sin, kommer først.",
        "Hald møta oppdaterte: dei som ikkje er sjekka på 90 dagar, og dei som er endra i feeden "
        "sin, kjem først.",
    ),
    "Meetings": ("Møter", "Møte"),
    "Meetings I look after": ("Møter jeg har ansvar for", "Møte eg har ansvar for"),
    "Add a meeting": ("Legg til et møte", "Legg til eit møte"),
    "For peer workers": ("For likepersoner", "For likepersonar"),
    "The feed has changed this meeting.": (
        "Feeden har endret dette møtet.",
        "Feeden har endra dette møtet.",
    ),
    "Compare and choose": ("Sammenlign og velg", "Samanlikn og vel"),
    "You checked with the group or the venue, and what this page says is right.": (
        "Du har sjekket med gruppen eller stedet, og det som står her, stemmer.",
        "Du har sjekka med gruppa eller staden, og det som står her, stemmer.",
    ),
    "Archive this meeting?": ("Arkivere dette møtet?", "Arkivere dette møtet?"),
    "Archive a meeting that is no longer held. It disappears from search and from the feeds we "
    "publish; the audit log keeps what it was.": (
        "Arkiver et møte som ikke holdes lenger. Det forsvinner fra søk og fra feedene vi "
        "publiserer; revisjonsloggen tar vare på hvordan det var.",
        "Arkiver eit møte som ikkje blir halde lenger. Det forsvinn frå søk og frå feedane vi "
        "publiserer; revisjonsloggen tek vare på korleis det var.",
    ),
    "Edit meeting": ("Endre møtet", "Endre møtet"),
    "New meeting": ("Nytt møte", "Nytt møte"),
    "The feed has changed this meeting": (
        "Feeden har endret dette møtet",
        "Feeden har endra dette møtet",
    ),
    "This meeting comes from the feed “%(source)s”. It was corrected here, so the new import did "
    "not overwrite our values. Compare, then choose which to keep.": (
        "Dette møtet kommer fra feeden «%(source)s». Det er rettet her, så den nye importen "
        "overskrev ikke våre opplysninger. Sammenlign, og velg hva som skal gjelde.",
        "Dette møtet kjem frå feeden «%(source)s». Det er retta her, så den nye importen "
        "skreiv ikkje over opplysningane våre. Samanlikn, og vel kva som skal gjelde.",
    ),
    "The feed lists this meeting again, but it is archived here.": (
        "Feeden viser dette møtet igjen, men det er arkivert her.",
        "Feeden viser dette møtet att, men det er arkivert her.",
    ),
    "What differs": ("Hva som er ulikt", "Kva som er ulikt"),
    "Field": ("Felt", "Felt"),
    "Here now": ("Her nå", "Her no"),
    "In the feed": ("I feeden", "I feeden"),
    "Use the feed’s version": ("Bruk feedens versjon", "Bruk versjonen frå feeden"),
    "Keep our correction": ("Behold vår rettelse", "Behald rettinga vår"),
    "Please check the meeting": ("Se over møtet", "Sjå over møtet"),
    "For online and hybrid meetings: a link starting with https://, or a phone number below.": (
        "For nettmøter og hybridmøter: en lenke som begynner med https://, eller et "
        "telefonnummer nedenfor.",
        "For nettmøte og hybridmøte: ei lenkje som byrjar med https://, eller eit "
        "telefonnummer nedanfor.",
    ),
    "Leave empty for a meeting held only online. Without coordinates, those of the postal code "
    "or town are used.": (
        "La feltene stå tomme for møter som bare holdes på nett. Uten koordinater brukes "
        "koordinatene til postnummeret eller stedet.",
        "La felta stå tomme for møte som berre blir haldne på nett. Utan koordinatar blir "
        "koordinatane til postnummeret eller staden brukte.",
    ),
    "Coordinates (optional)": ("Koordinater (valgfritt)", "Koordinatar (valfritt)"),
    "Open or closed": ("Åpent eller lukket", "Ope eller lukka"),
    "Not said": ("Ikke oppgitt", "Ikkje oppgitt"),
    "Accessibility": ("Tilgjengelighet", "Tilgjenge"),
    "More kinds of meeting": ("Flere typer møter", "Fleire typar møte"),
    "Save the meeting": ("Lagre møtet", "Lagre møtet"),
    "Add the meeting": ("Legg til møtet", "Legg til møtet"),
    "Your area: %(limits)s.": ("Ditt område: %(limits)s.", "Området ditt: %(limits)s."),
    "%(num)d meeting.": (
        ["%(num)d møte.", "%(num)d møter."],
        ["%(num)d møte.", "%(num)d møte."],
    ),
    "%(num)d not checked for 90 days.": (
        ["%(num)d ikke sjekket på 90 dager.", "%(num)d ikke sjekket på 90 dager."],
        ["%(num)d ikkje sjekka på 90 dagar.", "%(num)d ikkje sjekka på 90 dagar."],
    ),
    "%(num)d changed in its feed.": (
        ["%(num)d endret i feeden sin.", "%(num)d endret i feedene sine."],
        ["%(num)d endra i feeden sin.", "%(num)d endra i feedane sine."],
    ),
    "Find by name, venue or town": (
        "Finn etter navn, møtested eller sted",
        "Finn etter namn, møtestad eller stad",
    ),
    "Find": ("Finn", "Finn"),
    "Meetings changed in their feed come first, then those not checked for 90 days.": (
        "Møter som er endret i feeden sin, kommer først, deretter de som ikke er sjekket på 90 "
        "dager.",
        "Møte som er endra i feeden sin, kjem først, deretter dei som ikkje er sjekka på 90 dagar.",
    ),
    "Changed in the feed": ("Endret i feeden", "Endra i feeden"),
    "Not checked for 90 days": ("Ikke sjekket på 90 dager", "Ikkje sjekka på 90 dagar"),
    "Last checked: %(date)s.": ("Sist sjekket: %(date)s.", "Sist sjekka: %(date)s."),
    "No meetings found.": ("Fant ingen møter.", "Fann ingen møte."),
    "Pages": ("Sider", "Sider"),
    "Page %(page)d of %(pages)d": ("Side %(page)d av %(pages)d", "Side %(page)d av %(pages)d"),
}

// Read an iCalendar file on stdin the way Thunderbird does (Mozilla's ical.js) and print, as JSON,
// each event's occurrences between argv[2] and argv[3] (ISO dates): UTC instant and wall clock.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [from, until] = process.argv.slice(2).map((text) => ICAL.Time.fromDateString(text));
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const alarms = component.getAllSubcomponents("valarm").map((alarm) => ({
    action: alarm.getFirstPropertyValue("action"),
    trigger: alarm.getFirstPropertyValue("trigger").toString(),
  }));
  const occurrences = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(until) < 0; next = iterator.next()) {
    if (next.compare(from) < 0) continue;
    const start = event.getOccurrenceDetails(next).startDate;
    occurrences.push({ utc: start.toJSDate().toISOString(), local: start.toString(), zone: start.zone.tzid });
  }
  return { summary: event.summary, alarms, occurrences };
});
process.stdout.write(JSON.stringify(events));

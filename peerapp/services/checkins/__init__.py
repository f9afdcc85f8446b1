"""Journey 4, daily structure: consent, the daily check-in, trend, sober days and reminders."""

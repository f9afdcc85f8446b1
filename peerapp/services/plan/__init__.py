"""A client's plan for leaving treatment: the crisis plan, appointments, my people, near home."""

"""Demo data, clearly marked as demo: meetings, sober places and a login for each role."""

"""Journeys 5 and 6, one tap back to my clinic and the clinic acting on it."""

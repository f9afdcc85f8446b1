"""The municipality in the chain: municipalities, hand-overs at discharge, and enrolment requests
from clients who have no code."""

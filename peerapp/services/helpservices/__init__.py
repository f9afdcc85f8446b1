"""Help in my municipality: help services (NAV, housing, low-threshold, LAR, dental care...), their
hours on the engine places use, search, stewardship and Open Referral HSDS in and out."""

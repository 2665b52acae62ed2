"""Writes for booking: views call these; the rules live here."""

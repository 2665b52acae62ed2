"""Appointments, availability and the diary."""

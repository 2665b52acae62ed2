"""Clients and, later, their clinical records. Everything here is health data."""

"""Notifications: an outbox of emails to clients and the clinic, sent by background tasks."""

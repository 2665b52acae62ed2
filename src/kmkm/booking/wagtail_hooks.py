"""The clinic edits appointment types, weekly hours and dated exceptions in the CMS.

The booking policy is a setting (Settings → Booking policy), registered in models.py. Blocked
time is not here: it is made in the diary, through the service that refuses clashes.
"""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AppointmentType, AvailabilityException, WeeklyHours


class AppointmentTypeViewSet(SnippetViewSet):
    model = AppointmentType
    icon = "list-ul"
    list_display = ["name", "kind", "duration_minutes", "bookable_online", "is_filler_or_toxin"]


class WeeklyHoursViewSet(SnippetViewSet):
    model = WeeklyHours
    icon = "time"
    list_display = ["practitioner", "weekday", "start_time", "end_time"]
    list_filter = ["practitioner"]


class AvailabilityExceptionViewSet(SnippetViewSet):
    model = AvailabilityException
    icon = "date"
    menu_label = "Holidays and extra sessions"
    list_display = ["practitioner", "date", "kind", "start_time", "end_time"]


class BookingGroup(SnippetViewSetGroup):
    menu_label = "Booking"
    menu_icon = "date"
    menu_order = 210
    items = (AppointmentTypeViewSet, WeeklyHoursViewSet, AvailabilityExceptionViewSet)


register_snippet(BookingGroup)

"""Typed refusals from the booking rules. ``message`` is written for the person booking."""

from __future__ import annotations


class BookingError(Exception):
    message = "Sorry, we could not make that booking. Please try again or call the clinic."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class SlotTaken(BookingError):
    """Someone else booked (or staff blocked) the time a moment ago."""

    message = "That time has just been taken. Here are the times still free."


class SlotUnavailable(BookingError):
    """The time is not one we offer: in the past, too soon, too far ahead or outside hours."""

    message = "That time is not available. Please choose one of the times shown."


class UnderAgeRefused(BookingError):
    """Botulinum Toxin and Cosmetic Fillers (Children) Act 2021."""

    message = (
        "We are sorry, but we cannot book this. You would be under 18 on the date of the "
        "appointment, and the law in England (the Botulinum Toxin and Cosmetic Fillers "
        "(Children) Act 2021) does not allow dermal filler or anti-wrinkle injections for "
        "cosmetic reasons, or appointments arranged for them, for anyone under 18, even with a "
        "parent's consent. If you have a question about your skin, your GP or a pharmacist is "
        "a good place to start, and you are welcome to send us a general enquiry."
    )


class DateOfBirthRequired(BookingError):
    message = "We need a date of birth before we can book an appointment."


class PrerequisiteNotMet(BookingError):
    message = (
        "This treatment can only be booked after a consultation with the same practitioner. "
        "Please book a consultation first: it is free and there is no obligation."
    )


class CancellationWindowClosed(BookingError):
    message = (
        "This appointment is too close to change online. Please call the clinic and we will help."
    )


class InvalidTransition(BookingError):
    message = "This appointment cannot be changed in that way."


class TimeBlockConflict(BookingError):
    message = "There are appointments in that time. Move or cancel them first."


class TokenInvalid(BookingError):
    message = (
        "This link is not valid. It may have been used already or copied incompletely. Please "
        "use the link in your most recent email from us, or call the clinic."
    )


class TokenExpired(TokenInvalid):
    message = (
        "This link has expired. Please use the link in your most recent email from us, or call "
        "the clinic."
    )

"""What the workshop services raise when a rule refuses a change: nothing was changed, and
`message` is the French sentence shown to the person."""


class WorkshopRefused(Exception):
    """A rule refused a change of a workshop or of its enrollments; `message` is the French
    sentence shown to the person. Nothing was changed."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


class EnrollmentRefused(WorkshopRefused):
    """A rule refused the change; `message` is the French sentence shown next to the form. Nothing
    was changed."""


class CheckinRefused(EnrollmentRefused):
    """A scanned QR code or a typed code that names no enrollment of this workshop."""


class AlreadyEnrolled(EnrollmentRefused):
    """The database's once-per-person rule refused a second active enrollment of the same person
    in a workshop. Raised inside the caller's transaction, which can only roll back."""


class PhoneAlreadyEnrolled(AlreadyEnrolled):
    """The phone number of the person to enroll already holds a place in the workshop (one place
    per person, and the phone number is how the portal knows a person whichever way they came):
    the form shows `message` next to the field that brought that number."""

    def __init__(self, message, *, phone):
        self.phone = phone
        super().__init__(message)

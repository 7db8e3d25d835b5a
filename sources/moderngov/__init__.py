"""Modern.Gov (Civica), the committee system of most UK councils: its web service
(``mgWebService.asmx``) read into :mod:`sources.model` values."""

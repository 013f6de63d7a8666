"""Errors of the imports domain (problems inside a file are reported in the job's outcome instead)."""

from surgebench.lib.errors import ValidationFailed


class UploadRefused(ValidationFailed):
    """The upload is not a CSV file to import (the form shows it again, naming the file)."""


class NoFileUploaded(UploadRefused):
    code = "no_file"


class NotCsvText(UploadRefused):
    code = "not_csv"


class NotCsvType(UploadRefused):
    status_code = 415
    code = "unsupported_media_type"

"""Errors of the imports domain (problems inside a file are reported in the job's outcome instead)."""

from surgebench.lib.errors import ValidationFailed


class NoFileUploaded(ValidationFailed):
    code = "no_file"

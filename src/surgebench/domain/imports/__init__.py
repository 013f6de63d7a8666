"""Imports and exports of the bench as CSV. Imports run as ``specialist_import`` jobs."""

from surgebench.domain.imports import service
from surgebench.domain.imports.controllers import export_specialists, import_specialists
from surgebench.domain.imports.pages import export_download, import_form, template_csv, upload_file
from surgebench.domain.jobs import registry

registry.register(service.KIND, service.run_import)

route_handlers: list = [
    import_form, upload_file, template_csv, export_download, import_specialists, export_specialists,
]

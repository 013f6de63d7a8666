"""The imports domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.imports.controllers import export_specialists, import_specialists
from surgebench.domain.imports.pages import export_download, import_form, template_csv, upload_file

route_handlers: list = [
    import_form,
    upload_file,
    template_csv,
    export_download,
    import_specialists,
    export_specialists,
]

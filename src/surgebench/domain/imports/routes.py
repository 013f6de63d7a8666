"""The imports domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.imports.controllers import export_specialists, import_history, import_specialists
from surgebench.domain.imports.pages import (
    export_download,
    history_form,
    history_template_csv,
    import_form,
    template_csv,
    upload_file,
    upload_history,
)

route_handlers: list = [
    import_form,
    upload_file,
    template_csv,
    history_form,
    upload_history,
    history_template_csv,
    export_download,
    import_specialists,
    import_history,
    export_specialists,
]

"""The imports domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.imports.controllers import (
    export_specialists,
    import_history,
    import_outcomes,
    import_specialists,
)
from surgebench.domain.imports.pages import (
    export_download,
    history_form,
    history_template_csv,
    import_form,
    outcomes_form,
    outcomes_template_csv,
    template_csv,
    upload_file,
    upload_history,
    upload_outcomes,
)

route_handlers: list = [
    import_form,
    upload_file,
    template_csv,
    history_form,
    upload_history,
    history_template_csv,
    outcomes_form,
    upload_outcomes,
    outcomes_template_csv,
    export_download,
    import_specialists,
    import_history,
    import_outcomes,
    export_specialists,
]

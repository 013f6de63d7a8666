"""The imports domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

EXPORT_DOWNLOAD = Route("imports.export_download", "/bench/export")
IMPORT_FORM = Route("imports.import_form", "/bench/import")
TEMPLATE_CSV = Route("imports.template_csv", "/bench/import/template.csv")
HISTORY_FORM = Route("imports.history_form", "/history/import")
HISTORY_TEMPLATE_CSV = Route("imports.history_template_csv", "/history/import/template.csv")
OUTCOMES_FORM = Route("imports.outcomes_form", "/outcomes/import")
OUTCOMES_TEMPLATE_CSV = Route("imports.outcomes_template_csv", "/outcomes/import/template.csv")
API_IMPORT_HISTORY = Route("imports.api_import_history", "/api/engagements/import")
API_IMPORT_OUTCOMES = Route("imports.api_import_outcomes", "/api/outcomes/import")
API_EXPORT_SPECIALISTS = Route("imports.api_export_specialists", "/api/specialists/export")
API_IMPORT_SPECIALISTS = Route("imports.api_import_specialists", "/api/specialists/import")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
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

    return [
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

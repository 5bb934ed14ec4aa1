"""The one `pk-extract` entry point: the extractor's commands (extract, pages), its tooling (eval,
calibrate, audit) and the service's (serve, worker, tokens, import, export). Only here do the
extractor and the service meet: `extractor` never imports `api`."""

from __future__ import annotations

from api.cli import register as register_service
from extractor.cli import app
from tooling.audit_cli import register as register_audit
from tooling.calibrate_cli import register as register_calibrate
from tooling.evaluation.cli import register as register_eval

register_eval(app)
register_calibrate(app)
register_audit(app)
register_service(app)

__all__ = ["app"]

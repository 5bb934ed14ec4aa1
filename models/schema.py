"""The JSON Schema of the contract, generated from the models; a test keeps the committed file current.

Regenerate with `python -m models.schema`.
"""

from __future__ import annotations

import json
from pathlib import Path

from models.result import ExtractionResult

SCHEMA_PATH = Path(__file__).with_name("extraction_result.schema.json")


def current_schema_text() -> str:
    schema = ExtractionResult.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    SCHEMA_PATH.write_text(current_schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()

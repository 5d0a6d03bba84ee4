"""Course bundles (`docs/bundle-format.md`): model, safe reading, validation, packing, signing
and encryption of paid content.

Modules: `model` (dataclasses, answer checking), `parsing` (JSON to model, field by field),
`report` (problems), `fields` (typed JSON field reading), `paths` (bundle path rules),
`source` (safe read-only view of a folder or a `.satchel` zip), `validate`, `signing`,
`crypto`, `pack`, `reader`, `cli`. Nothing here imports Qt or keeps global state; each
module's docstring states its threading rules.
"""

from __future__ import annotations

"""Chinese labels for data values, shared by the pages."""

from __future__ import annotations

ROLE_LABELS = {
    "lead": "牵头",
    "support": "配合",
    "oversight": "指导监督",
    "target": "对象",
    "mention": "提及",
}

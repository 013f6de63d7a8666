"""Makes this folder's test helpers (``bruteforce``, ``random_problems``) importable by name."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

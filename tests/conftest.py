from __future__ import annotations

import sys
from pathlib import Path

# Test helpers (expectations, layout_variants) live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

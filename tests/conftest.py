from pathlib import Path

CLAIMS_DIR = Path(__file__).parent / "claims"
SHARED = Path(__file__).resolve().parents[2] / "shared"

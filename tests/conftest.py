from pathlib import Path

CLAIMS_DIR = Path(__file__).parent / "claims"
DATA_DIR = Path(__file__).parent / "data"  # small files the tests need (provenance: data/README.md)

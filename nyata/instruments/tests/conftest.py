"""Fixtures of the instruments app: the test files under data/ and stored instruments made from them."""

from pathlib import Path

import pytest

DATA = Path(__file__).with_name("data")
SHIPPED = Path(__file__).resolve().parents[3] / "instruments"


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def draft(db):
    from nyata.instruments.actions import load_instrument

    return load_instrument(data=data_file("contoh-2025.yaml"), by=None).instrument


@pytest.fixture
def published(db):
    from nyata.instruments.actions import load_instrument

    return load_instrument(data=data_file("contoh-2025.yaml"), by=None, publish=True).instrument


@pytest.fixture
def next_draft(db):
    from nyata.instruments.actions import load_instrument

    return load_instrument(data=data_file("contoh-2026.yaml"), by=None).instrument

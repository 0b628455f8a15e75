"""What users type to name a paper -> arXiv ids and DOIs (``papercli.identifiers``)."""

from __future__ import annotations

import pytest

from papercli.errors import InputError
from papercli.identifiers import (
    PaperId,
    arxiv_doi,
    arxiv_of_doi,
    entry_arxiv,
    entry_doi,
    parse_identifier,
    parse_identifiers,
    require_identifier,
)
from papercli.model import Entry
from tests.identifier_cases import CASES


@pytest.mark.parametrize(
    ("text", "kind", "value", "version"),
    [
        ("2509.24218", "arxiv", "2509.24218", None),
        ("2509.24218v3", "arxiv", "2509.24218", 3),
        ("1501.0001", "arxiv", "1501.0001", None),
        ("arXiv:2509.24218", "arxiv", "2509.24218", None),
        ("arxiv: 2509.24218v1", "arxiv", "2509.24218", 1),
        ("math/0307200", "arxiv", "math/0307200", None),
        ("math/0307200v2", "arxiv", "math/0307200", 2),
        ("math.AG/0101001", "arxiv", "math.AG/0101001", None),
        ("hep-th/9912345", "arxiv", "hep-th/9912345", None),
        ("arXiv:hep-th/9912345v3", "arxiv", "hep-th/9912345", 3),
        ("https://arxiv.org/abs/2509.24218", "arxiv", "2509.24218", None),
        ("https://arxiv.org/abs/2509.24218v2", "arxiv", "2509.24218", 2),
        ("http://arxiv.org/pdf/2509.24218v2.pdf", "arxiv", "2509.24218", 2),
        ("https://arxiv.org/pdf/2509.24218", "arxiv", "2509.24218", None),
        ("https://arxiv.org/html/2509.24218v1", "arxiv", "2509.24218", 1),
        ("https://export.arxiv.org/abs/math/0307200", "arxiv", "math/0307200", None),
        ("arxiv.org/abs/2509.24218?context=cs", "arxiv", "2509.24218", None),
        ("<https://arxiv.org/abs/2509.24218>.", "arxiv", "2509.24218", None),
        ("https://huggingface.co/papers/2509.24218", "arxiv", "2509.24218", None),
        ("https://huggingface.co/papers/2509.24218#community", "arxiv", "2509.24218", None),
        ("  2509.24218  ", "arxiv", "2509.24218", None),
        ("10.1093/gji/ggz376", "doi", "10.1093/gji/ggz376", None),
        ("doi:10.1093/gji/ggz376", "doi", "10.1093/gji/ggz376", None),
        ("DOI: 10.1093/gji/ggz376", "doi", "10.1093/gji/ggz376", None),
        ("https://doi.org/10.1093/gji/ggz376", "doi", "10.1093/gji/ggz376", None),
        ("http://dx.doi.org/10.1063/1.4944470", "doi", "10.1063/1.4944470", None),
        (
            "https://doi.org/10.1002/(SICI)1097-4571%28199806%2949",
            "doi",
            "10.1002/(SICI)1097-4571(199806)49",
            None,
        ),
        ("10.48550/arXiv.2509.24218", "arxiv", "2509.24218", None),
        ("https://www.doi.org/10.1093/gji/ggz376", "doi", "10.1093/gji/ggz376", None),
        ("doi.org/10.1093/gji/ggz376", "doi", "10.1093/gji/ggz376", None),
    ],
)
def test_accepted_forms(text: str, kind: str, value: str, version: int | None) -> None:
    assert parse_identifier(text) == PaperId(kind, value, version)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello world",
        "2509",
        "arXiv:banana",
        "https://huggingface.co/papers/not-a-paper",
        "https://example.org/abs/2509.24218",
        "11.1000/xyz",
        "10.1/x",
        "x" * 5000,
    ],
)
def test_rejected_with_one_clear_line(text: str) -> None:
    assert parse_identifier(text) is None
    with pytest.raises(InputError) as caught:
        require_identifier(text)
    message = str(caught.value)
    assert "\n" not in message
    assert len(message) < 300
    assert "not" in message


def test_many_identifiers_deduplicated_in_order() -> None:
    found = parse_identifiers(
        ["2509.24218", "", "https://arxiv.org/abs/2509.24218v2", "DOI:10.5555/ABC", "10.5555/abc"]
    )
    assert [str(p) for p in found] == ["arXiv:2509.24218", "doi:10.5555/ABC"]


@pytest.mark.parametrize(("text", "kind", "value"), CASES)
def test_the_shared_table(text: str, kind: str, value: str) -> None:
    found = parse_identifier(text)
    assert found is not None, text
    assert (found.kind, found.match) == (kind, value.lower())


def test_arxiv_doi_and_arxiv_id_are_one_identity() -> None:
    assert arxiv_of_doi("https://doi.org/10.48550/arXiv.2509.24218v2") == "2509.24218"
    assert arxiv_of_doi("10.1093/gji/ggz376") is None
    assert arxiv_doi("2509.24218v3") == "10.48550/arXiv.2509.24218"
    by_doi = Entry(key="a", title="T", doi="10.48550/arXiv.2509.24218")
    by_id = Entry(key="b", title="T", arxiv_id="arXiv:2509.24218v2")
    assert entry_arxiv(by_doi) == entry_arxiv(by_id) == "2509.24218"
    assert entry_doi(Entry(key="c", title="T", doi="https://dx.doi.org/10.1/ABC")) == "10.1/abc"
    assert entry_arxiv(Entry(key="d", title="T")) is None

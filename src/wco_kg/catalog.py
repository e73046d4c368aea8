"""What DCAT-AP 3.0.0 asks of the dataset description beyond what data/dataset.trig states.

Two things: the class of each thing the description links to, from the range its property
declares (DCTERMS and DCAT: a publisher is a ``foaf:Agent``, a licence a
``dcterms:LicenseDocument``…), and each dump's byte size and SHA-256. The dumps hold the
description, so they cannot hold their own sizes and checksums: those go to ``void.ttl``
alone, which is no dump, and stay true of the bytes served.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

import pyoxigraph as ox

from .formats import RDF_FORMATS, Format
from .namespaces import DATASET, DESCRIPTION_GRAPH, PREFIXES, SPDX

#: The declared ranges (DCTERMS, DCAT) of the description's links, as DCAT-AP 3.0.0 checks them.
DESCRIPTION_RANGES = {
    PREFIXES["dcterms"] + "publisher": PREFIXES["foaf"] + "Agent",
    PREFIXES["dcterms"] + "creator": PREFIXES["foaf"] + "Agent",
    PREFIXES["dcat"] + "contactPoint": PREFIXES["vcard"] + "Kind",
    PREFIXES["dcterms"] + "license": PREFIXES["dcterms"] + "LicenseDocument",
    PREFIXES["dcterms"] + "language": PREFIXES["dcterms"] + "LinguisticSystem",
    PREFIXES["dcat"] + "landingPage": PREFIXES["foaf"] + "Document",
    PREFIXES["dcat"] + "mediaType": PREFIXES["dcterms"] + "MediaType",
    PREFIXES["dcterms"] + "format": PREFIXES["dcterms"] + "MediaTypeOrExtent",
}


def range_types(store: ox.Store) -> list[ox.Quad]:
    """``?o a <range>`` for each IRI the description links to by a property of DESCRIPTION_RANGES."""
    g = ox.NamedNode(DESCRIPTION_GRAPH)
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    found = []
    for prop, cls in DESCRIPTION_RANGES.items():
        for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, g):
            if isinstance(q.object, ox.NamedNode):
                found.append(ox.Quad(q.object, rdf_type, ox.NamedNode(cls), g))
    return found


def distribution_files(files: dict[str, bytes], formats: Iterable[Format] = RDF_FORMATS,
                       dump_name: str = "wco-kg") -> list[ox.Triple]:
    """Each dump's byte size and SHA-256 (``dcat:byteSize``, ``spdx:checksum``), for void.ttl."""
    n = ox.NamedNode
    dcat, xsd = PREFIXES["dcat"], PREFIXES["xsd"]
    triples = []
    for f in formats:
        body = files.get(f"{dump_name}.{f.extension}")
        if body is None:
            continue
        dist = n(f"{DATASET}/distribution/{f.extension}")
        checksum = n(f"{DATASET}/distribution/{f.extension}/sha256")
        triples += [ox.Triple(dist, n(dcat + "byteSize"), ox.Literal(str(len(body)), datatype=n(xsd + "decimal"))),
                    ox.Triple(dist, n(SPDX + "checksum"), checksum),
                    ox.Triple(checksum, n(PREFIXES["rdf"] + "type"), n(SPDX + "Checksum")),
                    ox.Triple(checksum, n(SPDX + "algorithm"), n(SPDX + "checksumAlgorithm_sha256")),
                    ox.Triple(checksum, n(SPDX + "checksumValue"),
                              ox.Literal(hashlib.sha256(body).hexdigest(), datatype=n(xsd + "hexBinary")))]
    return triples

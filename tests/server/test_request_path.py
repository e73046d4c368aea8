"""The uncached question path keeps every check: the worker's memo of a text's reading, the
request digest that names an answer and its ETag, and the query thread's batch priority."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from wco_kg.formats import RDF_FORMATS, RESULT_FORMATS
from wco_kg.server import worker
from wco_kg.server.app import request_key
from wco_kg.server.conneg import negotiate


def _request(query: str, **extra) -> dict:
    return {"query": query, "default_graphs": [], "named_graphs": [], "max_rows": 0, "max_bytes": 0,
            "formats": {"results": "json", "graph": "ntriples"}, **extra}


def test_a_remembered_reading_is_checked_again_with_each_request(store):
    """The same text is tokenized once, but the limits of each request still apply to it."""
    nested = "SELECT * WHERE " + "{ " * 10 + "?s ?p ?o " + "} " * 10 + "LIMIT 1"
    hits = worker.reading.hits
    assert worker.execute(store, _request(nested, max_depth=64))[0] == "ok"
    refused = worker.execute(store, _request(nested, max_depth=5))
    assert refused[:2] == ("error", "nesting") and "10 levels" in refused[2]
    assert worker.execute(store, _request(nested, max_depth=64))[0] == "ok"
    assert worker.reading.hits == hits + 2
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    for _ in range(2):  # refused each time, remembered or not
        assert worker.execute(store, _request(service, isolated=True))[:2] == ("error", "service")
    update = "INSERT DATA { <a:b> <a:c> <a:d> }"
    assert worker.execute(store, _request(update))[:2] == worker.execute(store, _request(update))[:2] == \
        ("error", "update")


def test_a_remembered_reading_keeps_no_tokens_and_a_huge_text_is_not_kept():
    text = "ASK { ?s ?p ?o }"
    assert worker.reading(text).form == "ASK" and worker.reading(text).tokens == []
    huge = "ASK {" + " " * 1_000_000 + "}"
    size = worker.reading.size
    assert worker.reading(huge).form == "ASK"
    assert worker.reading.size == size  # over an eighth of the memo's bytes: read, not kept


def test_the_request_digest_tells_every_part_of_a_request_apart():
    choices = {"results": negotiate("text/csv", RESULT_FORMATS), "graph": negotiate(None, RDF_FORMATS)}
    other = {"results": negotiate("application/sparql-results+json", RESULT_FORMATS), "graph": choices["graph"]}
    g = "https://w3id.org/wco-kg/graph/members"
    keys = [request_key("ASK {}", [], [], choices), request_key("ASK {} ", [], [], choices),
            request_key("ASK {}", [g], [], choices), request_key("ASK {}", [], [g], choices),
            request_key("ASK {}", [], [], other),
            # the text's length comes first, so a text cannot run into the parts after it
            request_key("ASK {}((), (), ", [], [], choices)]
    assert len(set(keys)) == len(keys) and all(len(k) == 16 for k in keys)
    assert request_key("ASK {}", [], [], choices) == keys[0]
    assert request_key("ASK { \udc80 }", [], [], choices) != request_key("ASK { \udc81 }", [], [], choices)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_BATCH is Linux's")
def test_the_query_thread_runs_as_batch_work():
    seen = []
    before = os.getpriority(os.PRIO_PROCESS, 0)

    def query_thread():
        worker.batch_priority()
        seen.append((os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0)))

    t = threading.Thread(target=query_thread)
    t.start()
    t.join()
    assert seen == [(os.SCHED_BATCH, max(worker.NICENESS, before))]
    # the thread's own, not the process's
    assert os.sched_getscheduler(0) != os.SCHED_BATCH and os.getpriority(os.PRIO_PROCESS, 0) == before

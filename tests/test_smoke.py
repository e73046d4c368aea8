def test_graph_loads(local):
    assert local.query("ASK { <https://w3id.org/wco-kg/id/wco> a <http://www.w3.org/ns/org#FormalOrganization> }").boolean

"""The web server behind ``wco-kg serve``: the SPARQL endpoint, Linked Data for every IRI, the pages."""

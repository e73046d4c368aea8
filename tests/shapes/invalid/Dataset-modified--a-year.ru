# shape: wkgsh:Dataset-modified
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:modified
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a modification date given only as a year
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?old } }
INSERT { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p "2026"^^xsd:gYear } }
WHERE {
  VALUES ?p { dcterms:modified }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?old }
} ;

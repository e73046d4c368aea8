# shape: wkgsh:Dataset-license
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:license
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a licence written as its name instead of its IRI
DELETE { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?old } }
INSERT { GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p "CC BY 4.0" } }
WHERE {
  VALUES ?p { dcterms:license }
  GRAPH ?g { <https://w3id.org/wco-kg/dataset> ?p ?old }
} ;

# shape: wkgsh:SourceDocument-retrievedOn
# focus: id:source-ror-uvic
# path: pav:retrievedOn
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a retrieval date given only as a year
DELETE { GRAPH ?g { id:source-ror-uvic ?p ?old } }
INSERT { GRAPH ?g { id:source-ror-uvic ?p "2026"^^xsd:gYear } }
WHERE {
  VALUES ?p { pav:retrievedOn }
  GRAPH ?g { id:source-ror-uvic ?p ?old }
} ;

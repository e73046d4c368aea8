# shape: wkgsh:SourceDocument
# focus: id:source-wikipedia-wco
# path: none
# component: sh:OrConstraintComponent
# severity: Violation
# why: a source with neither its own date nor a retrieval date
DELETE { GRAPH ?g { id:source-wikipedia-wco ?p ?o } }
WHERE {
  VALUES ?p { pav:retrievedOn }
  GRAPH ?g { id:source-wikipedia-wco ?p ?o }
} ;
